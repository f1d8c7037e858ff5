"""The test helper's codes match RFC 6238's published test vectors."""

import pytest

from tests.browser.totp import fresh_totp, totp

# RFC 6238, appendix B: the SHA-1 secret is ASCII "12345678901234567890"; the RFC
# lists 8 digits, an authenticator app shows the last 6.
RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"


@pytest.mark.parametrize(
    ("at", "code"),
    [
        (59, "287082"),
        (1111111109, "081804"),
        (1111111111, "050471"),
        (1234567890, "005924"),
        (2000000000, "279037"),
        (20000000000, "353130"),
    ],
)
def test_totp_matches_rfc_6238_vectors(at, code):
    """The helper computes the codes RFC 6238 publishes for its SHA-1 secret."""
    assert totp(RFC_SECRET, at=at) == code


def test_totp_agrees_with_allauth():
    """The helper and allauth's own check accept the same code."""
    from allauth.mfa.totp.internal.auth import generate_totp_secret, validate_totp_code

    secret = generate_totp_secret()
    assert validate_totp_code(secret, fresh_totp(secret))
