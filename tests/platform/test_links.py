"""{% url %} remembers the paths it built (wco_sse.core.templatetags.links) and
writes exactly what Django's would."""

import pytest
from django.template import engines
from django.test import override_settings
from django.urls import NoReverseMatch, reverse

from tests.factories import OrganizationFactory


def render(source, **context):
    return engines["django"].from_string(source).render(context)


def test_the_built_in_url_tag_writes_what_reverse_writes():
    assert render('{% url "support:course_detail" 12 %}') == reverse(
        "support:course_detail", args=[12]
    )
    assert render('{% url "support:course_detail" pk=7 %}') == reverse(
        "support:course_detail", kwargs={"pk": 7}
    )
    assert (
        render('{% url "support:course_detail" 3 as link %}[{{ link }}]')
        == f"[{reverse('support:course_detail', args=[3])}]"
    )
    # Twice the same: the second from what was kept.
    assert render('{% url "home" %}{% url "home" %}') == reverse("home") * 2


@pytest.mark.django_db
def test_a_record_id_from_the_context_is_reversed_as_django_does():
    organization = OrganizationFactory()
    assert render(
        '{% url "members:organization_detail" organization.pk %}',
        organization=organization,
    ) == reverse("members:organization_detail", args=[organization.pk])


def test_an_unknown_view_still_fails_and_as_var_still_writes_nothing():
    with pytest.raises(NoReverseMatch):
        render('{% url "no-such-view" 1 %}')
    assert render('{% url "no-such-view" 1 as link %}[{{ link }}]') == "[]"


def test_another_url_configuration_forgets_what_was_kept():
    before = render('{% url "home" %}')
    with override_settings(ROOT_URLCONF="tests.platform.urls_elsewhere"):
        assert render('{% url "home" %}') == "/elsewhere/"
    assert render('{% url "home" %}') == before
