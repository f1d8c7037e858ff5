"""Industry meetings for the tests: made through the services, as a coordinator does."""

import datetime

from django.utils import timezone

from members.models import Industry, Organization
from secretariat import services as secretariat_services
from support.models import IndustryMeeting
from support.services import industry as services
from tests.factories import AffiliationFactory, OrganizationFactory


def industry(name="配食"):
    made, _created = Industry.objects.get_or_create(name=name)
    return made


def home_industry(demo):
    """The home W.Co's industry (given one where the demo left it without)."""
    home = Organization.objects.select_related("industry").get(
        pk=demo.ctx.data["home_wco"].pk
    )
    if home.industry_id is None:
        home.industry = industry("テスト業種")
        home.save(update_fields=["industry"])
    return home.industry


def industry_meeting(demo, the_industry=None):
    the_industry = the_industry or industry("別の業種")
    existing = IndustryMeeting.objects.filter(industry=the_industry).first()
    if existing is not None:
        return existing
    return services.industry_meeting_create(
        actor=demo["support"], industry=the_industry
    )


def wco(the_industry, *, supporting=False, representative=True, **kwargs):
    organization = OrganizationFactory(
        industry=the_industry, supporting=supporting, **kwargs
    )
    person = None
    if representative:
        person = AffiliationFactory(
            organization=organization, representative=True
        ).person
    return organization, person


def meeting(demo, industry_meeting, *, days=10, title="第1回 業種別会議"):
    return secretariat_services.meeting_create(
        actor=demo["staff"],
        body=industry_meeting.body,
        title=title,
        starts_at=timezone.now() + datetime.timedelta(days=days),
        place="W.Co SSE 会議室",
    )


def home_meeting(demo):
    """The home W.Co's industry meeting, the home W.Co seated through rep@, with a
    meeting."""
    im = industry_meeting(demo, home_industry(demo))
    home = demo.ctx.data["home_wco"]
    from secretariat.models import BodyMember

    if not BodyMember.objects.filter(
        body=im.body, organization=home, end__isnull=True
    ).exists():
        services.industry_seat_add(
            actor=demo["support"],
            industry_meeting=im,
            organization=home,
            person=demo["rep"].person,
        )
    if not im.body.meetings.exists():
        meeting(demo, im)
    return im


def other_meeting(demo):
    """An industry meeting of another industry, where no demo account sits."""
    im = industry_meeting(demo, industry("別の業種"))
    seated, _rep = wco(im.industry)
    services.industry_invite(
        actor=demo["support"], industry_meeting=im, organizations=[seated]
    )
    if not im.body.meetings.exists():
        meeting(demo, im)
    return im


def issue(demo, im=None, **kwargs):
    im = im or home_meeting(demo)
    seat = im.body.members.filter(organization__isnull=False, end__isnull=True).first()
    return services.issue_raise(
        actor=demo["support"],
        industry_meeting=im,
        meeting=im.body.meetings.first(),
        raised_by=kwargs.pop("raised_by", seat.organization),
        title=kwargs.pop("title", "人手不足"),
        text=kwargs.pop("text", "調理スタッフが集まりません。"),
    )
