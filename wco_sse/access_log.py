"""gunicorn's access log without the secrets some URLs carry.

A password-reset or email-confirmation link, a 決議の省略 consent link and an
appointment's calendar link open with the token in their path; the access log
(and the Referer of the next request) would keep it. The gunicorn command lines
(Dockerfile, docker-compose.yml) pass ``--logger-class
wco_sse.access_log.RedactingLogger``, which writes ``[token]`` in its place.
"""

import re

from gunicorn.glogging import Logger

TOKEN_PATH = re.compile(
    r"(/(?:accounts/password/reset/key|accounts/confirm-email|secretariat/consent"
    r"|support/consultations/appointments)/)[^/\s?#]+"
)


def redact_path(text):
    return TOKEN_PATH.sub(r"\1[token]", text)


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U", "f", "{referer}i"):
            if isinstance(atoms.get(key), str):
                atoms[key] = redact_path(atoms[key])
        return atoms
