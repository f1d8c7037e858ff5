"""The fund's programmes, rounds and applications up to submission.

Lock order (``network.fund.ledger``): FundSource → FundRound → FundApplication. An
allocation locks the source, then the round; starting, submitting and withdrawing an
application lock the round, then the application, so two submissions of one group
can't both pass the one-live-application rule.
"""

import datetime

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.models import Organization
from wco_sse.core.audit import audit_record
from wco_sse.core.dates import format_day, format_moment
from wco_sse.core.emails import email_queue
from wco_sse.core.errors import ServiceError, require
from wco_sse.core.files import file_attach
from wco_sse.core.transactions import service_transaction

from . import ledger
from .models import (
    MAX_YEN,
    ApplicationFile,
    BudgetLine,
    CostCategory,
    FundApplication,
    FundProgramme,
    FundRound,
    FundSource,
)
from .recipients import applicant_recipients

S = FundRound.Status
A = FundApplication.Status
APPLICANT_KINDS = (Organization.Kind.WCO, Organization.Kind.ASSOCIATION)
# Applications the applicant may still withdraw: no decision was taken on them.
WITHDRAWABLE = (A.DRAFT, A.SUBMITTED, A.IN_REVIEW, A.RECOMMENDED)
# Applications past the draft that hold the group's one place in a round.
SUBMITTED_LIVE = tuple(s for s in FundApplication.LIVE if s != A.DRAFT)


# --- Programmes -------------------------------------------------------------------------

PROGRAMME_FIELDS = ("name", "kind", "purpose", "active")


def _check_programme(data):
    if not (data.get("name") or "").strip():
        raise ServiceError(_("Give the programme a name."), field="name")
    if data.get("kind") != FundProgramme.Kind.GRANT:
        raise ServiceError(
            _("Only grants are offered for now; loans are not."), field="kind"
        )


def programme_create(*, actor, data) -> FundProgramme:
    require(actor, "network.change_fund_round")
    _check_programme(data)
    with service_transaction():
        programme = FundProgramme(created_by=actor)
        _set_programme(programme, data)
        programme.save()
        audit_record(actor=actor, action="fund.programme_create", target=programme)
    return programme


def programme_update(*, actor, programme, data) -> FundProgramme:
    require(actor, "network.change_fund_round")
    _check_programme(data)
    with service_transaction():
        locked = FundProgramme.objects.select_for_update().get(pk=programme.pk)
        _set_programme(locked, data)
        locked.save()
        audit_record(actor=actor, action="fund.programme_update", target=locked)
    return locked


def _set_programme(programme, data):
    programme.name = data["name"].strip()
    programme.kind = data["kind"]
    programme.purpose = (data.get("purpose") or "").strip()
    programme.active = bool(data.get("active"))


# --- Rounds -----------------------------------------------------------------------------

ROUND_FIELDS = (
    "title",
    "description",
    "project_start",
    "project_end",
    "opens_at",
    "closes_at",
    "cap_per_grant",
    "eligible_costs",
    "requires_prior_consultation",
    "allow_concurrent",
    "renewable",
    "rubric",
    "committee",
    "change_committee_share",
)
DEFAULT_CLOSING_TIME = datetime.time(17, 0)


def closing_moment(day, at=None):
    """The closing moment of a round: 17:00 (必着) of the closing day unless given."""
    return timezone.make_aware(
        datetime.datetime.combine(day, at or DEFAULT_CLOSING_TIME)
    )


def _check_round(data, *, fund_round=None):
    if not (data.get("title") or "").strip():
        raise ServiceError(_("Give the round a title."), field="title")
    start, end = data.get("project_start"), data.get("project_end")
    if not start:
        raise ServiceError(
            _("Give the first day projects may run."), field="project_start"
        )
    if not end:
        raise ServiceError(
            _("Give the last day projects may run."), field="project_end"
        )
    if end < start:
        raise ServiceError(
            _("The projects' period must end after it starts."), field="project_end"
        )
    opens, closes = data.get("opens_at"), data.get("closes_at")
    if not opens:
        raise ServiceError(_("Give the day applications open."), field="opens_on")
    if not closes:
        raise ServiceError(_("Give the day applications close."), field="closes_on")
    if closes <= opens:
        raise ServiceError(
            _("Applications must close after they open."), field="closes_on"
        )
    data["cap_per_grant"] = ledger.check_amount(
        data.get("cap_per_grant"), field="cap_per_grant"
    )
    costs = list(data.get("eligible_costs") or ())
    if not costs:
        raise ServiceError(
            _("Choose at least one eligible cost line."), field="eligible_costs"
        )
    if any(cost not in CostCategory.values for cost in costs):
        raise ServiceError(
            _("Choose cost lines from the list."), field="eligible_costs"
        )
    data["eligible_costs"] = [c for c in CostCategory.values if c in costs]
    if data.get("rubric") is None:
        raise ServiceError(_("Choose the rubric of the review."), field="rubric")
    share = data.get("change_committee_share")
    if share is None or not 0 <= share <= 100:
        raise ServiceError(
            _("Give a share between 0 and 100 percent."),
            field="change_committee_share",
        )
    if (
        fund_round is not None
        and fund_round.status != S.DRAFT
        and data["rubric"].pk != fund_round.rubric_id
    ):
        raise ServiceError(
            _("The rubric can't change once the round is published."),
            field="rubric",
        )


def round_create(*, actor, programme, data) -> FundRound:
    require(actor, "network.change_fund_round")
    if programme is None or not programme.active:
        raise ServiceError(_("Choose an active programme."), field="programme")
    if programme.kind != FundProgramme.Kind.GRANT:
        raise ServiceError(_("Loans are not offered yet."), field="programme")
    data = dict(data)
    _check_round(data)
    with service_transaction():
        fund_round = FundRound(programme=programme, created_by=actor)
        for name in ROUND_FIELDS:
            setattr(fund_round, name, _clean_value(data.get(name)))
        fund_round.save()
        ledger.round_account(fund_round)
        audit_record(actor=actor, action="fund.round_create", target=fund_round)
    return fund_round


def _clean_value(value):
    return value.strip() if isinstance(value, str) else value


def round_update(*, actor, fund_round, data) -> FundRound:
    require(actor, "network.change_fund_round", fund_round)
    data = dict(data)
    with service_transaction():
        locked = FundRound.objects.select_for_update().get(pk=fund_round.pk)
        if locked.status == S.CLOSED:
            raise ServiceError(_("A closed round can't be changed."))
        _check_round(data, fund_round=locked)
        changed = []
        for name in ROUND_FIELDS:
            value = _clean_value(data.get(name))
            if getattr(locked, name) != value:
                setattr(locked, name, value)
                changed.append(name)
        locked.save()
        audit_record(
            actor=actor,
            action="fund.round_update",
            target=locked,
            data={"fields": changed},
        )
    return locked


def round_allocate(*, actor, fund_round, source, amount, on=None) -> int:
    """Allocate ``amount`` yen of ``source`` to the round's budget by a ledger entry:
    never more than the source holds, and a named fund only to its own programme.
    Locks the source, then the round. Returns the round's remaining budget."""
    require(actor, "network.change_fund_round", fund_round)
    amount = ledger.check_amount(amount, field="amount")
    if source is None:
        raise ServiceError(_("Choose the source of the money."), field="source")
    with service_transaction():
        locked_source = FundSource.objects.select_for_update().get(pk=source.pk)
        locked = FundRound.objects.select_for_update().get(pk=fund_round.pk)
        if locked.status == S.CLOSED:
            raise ServiceError(_("A closed round takes no more money."))
        if (
            locked_source.programme_id is not None
            and locked_source.programme_id != locked.programme_id
        ):
            raise ServiceError(
                _(
                    "%(source)s is restricted to the programme %(programme)s: it "
                    "can't fund a round of another programme."
                )
                % {
                    "source": locked_source.name,
                    "programme": locked_source.programme.name,
                },
                field="source",
            )
        held = ledger.credit_balance(ledger.source_account(locked_source))
        if amount > held:
            raise ServiceError(
                _("%(source)s holds only %(held)s yen.")
                % {"source": locked_source.name, "held": f"{max(held, 0):,}"},
                field="amount",
            )
        ledger.book_allocation(
            locked, locked_source, amount, actor=actor, on=on or timezone.localdate()
        )
        audit_record(
            actor=actor,
            action="fund.round_allocate",
            target=locked,
            data={"source": locked_source.pk, "amount": amount},
        )
        return ledger.round_remaining(locked)


TRANSITIONS = {
    "publish": (S.DRAFT, S.PUBLISHED),
    "review": (S.PUBLISHED, S.REVIEW),
    "close": (S.REVIEW, S.CLOSED),
}


def round_set_status(*, actor, fund_round, action, now=None) -> FundRound:
    """Publish a draft round (with a budget and a rubric), start the review of a
    published one (once applications have closed), or close one under review."""
    require(actor, "network.change_fund_round", fund_round)
    if action not in TRANSITIONS:
        raise ServiceError(_("Choose what to do with the round."))
    before, after = TRANSITIONS[action]
    now = now or timezone.now()
    with service_transaction():
        locked = FundRound.objects.select_for_update().get(pk=fund_round.pk)
        if locked.status != before:
            raise ServiceError(
                _("The round is %(status)s: this can't be done now.")
                % {"status": locked.get_status_display()}
            )
        if action == "publish":
            if ledger.round_budget(locked) <= 0:
                raise ServiceError(
                    _("Allocate a budget to the round before publishing it.")
                )
            if not locked.rubric.criteria.exists():
                raise ServiceError(
                    _("The round's rubric has no criteria: choose another one.")
                )
        if action == "review" and now <= locked.closes_at:
            raise ServiceError(
                _("The review starts once applications have closed (%(when)s).")
                % {"when": format_moment(locked.closes_at)}
            )
        locked.status = after
        locked.save(update_fields=["status"])
        audit_record(
            actor=actor,
            action=f"fund.round_{action}",
            target=locked,
            data={"from": before, "to": after},
        )
    return locked


# --- Applications -----------------------------------------------------------------------


def applicant_queryset():
    """Every W.Co and association of the registry (a paper application's choice)."""
    return Organization.objects.filter(kind__in=APPLICANT_KINDS).order_by("name", "pk")


def applicant_organizations(user):
    """The W.Cos and associations ``user`` represents (registry order)."""
    from members.roles import roles_of

    ids = roles_of(user).represented_org_ids
    return Organization.objects.filter(pk__in=ids, kind__in=APPLICANT_KINDS).order_by(
        "name", "pk"
    )


def round_window_problem(fund_round, now):
    """Why ``fund_round`` takes no applications at ``now``, or None when it does."""
    if fund_round.status != S.PUBLISHED:
        return _("This round is not taking applications.")
    if now < fund_round.opens_at:
        return _("Applications open at %(when)s.") % {
            "when": format_moment(fund_round.opens_at)
        }
    if now > fund_round.closes_at:
        return _("Applications closed at %(when)s.") % {
            "when": format_moment(fund_round.closes_at)
        }
    return None


def _registry_copy(organization):
    from members.models import Affiliation

    representative = (
        Affiliation.objects.current()
        .filter(
            organization=organization,
            confirmed=True,
            position=Affiliation.Position.REPRESENTATIVE,
        )
        .select_related("person")
        .order_by("pk")
        .first()
    )
    return {
        "org_name": organization.name,
        "org_name_kana": organization.name_kana,
        "org_representative": representative.person.full_name if representative else "",
        "org_address": (organization.full_address or "")[:300],
        "org_phone": organization.phone,
        "org_email": organization.email,
        "org_founded_on": organization.founded_on,
        "org_member_count": organization.workers_count,
    }


def application_start(
    *, actor, fund_round, organization, on_paper=False, now=None
) -> FundApplication:
    """Start a draft for ``organization`` (one its representative represents; any W.Co
    or association for the secretariat entering a paper one), with the organization
    block copied from the registry."""
    require(actor, "network.apply_to_fund")
    now = now or timezone.now()
    if organization is None:
        raise ServiceError(
            _("Choose the organization that applies."), field="organization"
        )
    if organization.kind not in APPLICANT_KINDS:
        raise ServiceError(
            _("Only a W.Co or an association may apply."), field="organization"
        )
    secretariat = actor.has_perm("network.screen_fund_application")
    if on_paper and not secretariat:
        raise ServiceError(_("Only the secretariat enters paper applications."))
    if (
        not on_paper
        and not applicant_organizations(actor).filter(pk=organization.pk).exists()
    ):
        raise ServiceError(
            _("You can apply only for an organization you represent."),
            field="organization",
        )
    with service_transaction():
        locked = FundRound.objects.select_for_update().get(pk=fund_round.pk)
        problem = round_window_problem(locked, now)
        if problem and not (on_paper and locked.status == S.PUBLISHED):
            raise ServiceError(problem)
        if not locked.allow_concurrent and (
            FundApplication.objects.filter(
                round=locked, organization=organization, status__in=FundApplication.LIVE
            ).exists()
        ):
            raise ServiceError(
                _(
                    "%(name)s already has an application in this round, and the round "
                    "takes one per group."
                )
                % {"name": organization.name},
                field="organization",
            )
        application = FundApplication.objects.create(
            round=locked,
            organization=organization,
            entered_on_paper=on_paper,
            created_by=actor,
            publish=dict.fromkeys(FundApplication.PUBLISHABLE, False),
            **_registry_copy(organization),
        )
        audit_record(
            actor=actor,
            action="fund.application_start",
            target=application,
            data={"paper": on_paper},
        )
    return application


APPLICATION_FIELDS = (
    "org_name",
    "org_name_kana",
    "org_representative",
    "org_address",
    "org_phone",
    "org_email",
    "org_founded_on",
    "org_member_count",
    "contact_name",
    "contact_phone",
    "contact_email",
    "accounting_name",
    "accounting_phone",
    "accounting_email",
    "project_title",
    "is_continuing",
    "continuing_year",
    "purpose",
    "content",
    "project_start",
    "project_end",
    "expected_participants",
    "amount_requested",
    "total_cost",
    "other_grants",
    "declares_no_antisocial_forces",
    "declares_no_political_religious_aims",
)


def _check_lines(fund_round, lines):
    checked = []
    for index, line in enumerate(lines, start=1):
        category = line.get("category")
        if category not in fund_round.eligible_costs:
            raise ServiceError(
                _("Line %(n)s: this round doesn't fund that cost line.") % {"n": index},
                field="budget_lines",
            )
        amount = ledger.check_amount(line.get("amount"), field="budget_lines")
        from_fund = ledger.check_amount(
            line.get("from_fund") or 0, field="budget_lines", allow_zero=True
        )
        if from_fund > amount:
            raise ServiceError(
                _("Line %(n)s: the part from the fund can't be more than the line.")
                % {"n": index},
                field="budget_lines",
            )
        checked.append(
            BudgetLine(
                category=category,
                description=(line.get("description") or "").strip()[:200],
                amount=amount,
                from_fund=from_fund,
                order=index,
            )
        )
    return checked


def application_save_draft(*, actor, application, data, lines) -> FundApplication:
    """Save the draft as typed (each field valid on its own; the rules that tie
    fields together are checked at submission). ``lines`` replace the plan's lines."""
    require(actor, "network.edit_fund_application", application)
    with service_transaction():
        fund_round = FundRound.objects.select_for_update().get(pk=application.round_id)
        locked = FundApplication.objects.select_for_update().get(pk=application.pk)
        if locked.status != A.DRAFT:
            raise ServiceError(_("Only a draft can be changed."))
        for field in ("amount_requested", "total_cost"):
            value = data.get(field)
            if value is not None and not 1 <= value <= MAX_YEN:
                raise ServiceError(
                    _("An amount must be between 1 and %(max)s yen.")
                    % {"max": f"{MAX_YEN:,}"},
                    field=field,
                )
        checked = _check_lines(fund_round, lines)
        for name in APPLICATION_FIELDS:
            if name in data:
                setattr(locked, name, _clean_value(data[name]))
        if not locked.is_continuing:
            locked.continuing_year = None
        publish = data.get("publish")
        if publish is not None:
            locked.publish = {
                key: bool(publish.get(key)) for key in FundApplication.PUBLISHABLE
            }
        if not locked.org_name:
            raise ServiceError(_("Give the organization's name."), field="org_name")
        locked.save()
        locked.budget_lines.filter(stage=BudgetLine.Stage.PLAN).delete()
        for line in checked:
            line.application = locked
        BudgetLine.objects.bulk_create(checked)
        audit_record(actor=actor, action="fund.application_save", target=locked)
    return locked


REQUIRED_AT_SUBMISSION = (
    ("org_name", gettext_lazy("Give the organization's name.")),
    ("contact_name", gettext_lazy("Give the contact person.")),
    ("contact_email", gettext_lazy("Give the contact person's email address.")),
    ("project_title", gettext_lazy("Give the project a title.")),
    ("purpose", gettext_lazy("Describe the project's purpose.")),
    ("content", gettext_lazy("Describe what the project will do.")),
    ("project_start", gettext_lazy("Give the day the project starts.")),
    ("project_end", gettext_lazy("Give the day the project ends.")),
    ("amount_requested", gettext_lazy("Give the amount requested.")),
    ("total_cost", gettext_lazy("Give the project's total cost.")),
)


def submission_problems(application, fund_round, *, now):
    """The first reason the application can't be submitted, as a ServiceError, or
    None. Called under the round's and the application's locks."""
    if application.status != A.DRAFT:
        return ServiceError(_("This application was submitted already."))
    problem = round_window_problem(fund_round, now)
    if problem and not (
        application.entered_on_paper and fund_round.status == S.PUBLISHED
    ):
        return ServiceError(problem)
    if not fund_round.allow_concurrent and (
        FundApplication.objects.filter(
            round=fund_round,
            organization_id=application.organization_id,
            status__in=SUBMITTED_LIVE,
        )
        .exclude(pk=application.pk)
        .exists()
    ):
        return ServiceError(
            _(
                "%(name)s already has an application in this round, and the round "
                "takes one per group."
            )
            % {"name": application.org_name}
        )
    for field, message in REQUIRED_AT_SUBMISSION:
        value = getattr(application, field)
        if value in (None, ""):
            return ServiceError(str(message), field=field)
    if application.is_continuing and not application.continuing_year:
        return ServiceError(
            _("Give the year of the continuing project."), field="continuing_year"
        )
    amount, total = application.amount_requested, application.total_cost
    if amount > fund_round.cap_per_grant:
        return ServiceError(
            _("This round grants at most %(cap)s yen per project.")
            % {"cap": f"{fund_round.cap_per_grant:,}"},
            field="amount_requested",
        )
    if amount > total:
        return ServiceError(
            _("The amount requested can't be more than the total cost."),
            field="amount_requested",
        )
    if application.project_end < application.project_start:
        return ServiceError(
            _("The project must end after it starts."), field="project_end"
        )
    if (
        application.project_start < fund_round.project_start
        or application.project_end > fund_round.project_end
    ):
        return ServiceError(
            _("The project must run within the round's period (%(start)s to %(end)s).")
            % {
                "start": format_day(fund_round.project_start),
                "end": format_day(fund_round.project_end),
            },
            field="project_start",
        )
    totals = application.budget_lines.filter(stage=BudgetLine.Stage.PLAN).aggregate(
        amount=Sum("amount"), from_fund=Sum("from_fund")
    )
    if totals["amount"] is None:
        return ServiceError(_("Add the budget's lines."), field="budget_lines")
    if totals["amount"] != total:
        return ServiceError(
            _(
                "The budget lines add up to %(lines)s yen, not the total cost of "
                "%(total)s yen."
            )
            % {"lines": f"{totals['amount']:,}", "total": f"{total:,}"},
            field="budget_lines",
        )
    if totals["from_fund"] != amount:
        return ServiceError(
            _(
                "The lines' parts from the fund add up to %(lines)s yen, not the "
                "amount requested of %(amount)s yen."
            )
            % {"lines": f"{totals['from_fund'] or 0:,}", "amount": f"{amount:,}"},
            field="budget_lines",
        )
    if not application.declares_no_antisocial_forces:
        return ServiceError(
            _("Declare that the group is not an antisocial force."),
            field="declares_no_antisocial_forces",
        )
    if not application.declares_no_political_religious_aims:
        return ServiceError(
            _("Declare that the project has no political or religious aims."),
            field="declares_no_political_religious_aims",
        )
    return None


def application_submit(*, actor, application, now=None) -> FundApplication:
    """Submit the draft: refused with the first reason it can't be. Locks the round,
    then the application. Emails the representative a receipt."""
    require(actor, "network.edit_fund_application", application)
    now = now or timezone.now()
    with service_transaction():
        fund_round = FundRound.objects.select_for_update().get(pk=application.round_id)
        locked = FundApplication.objects.select_for_update().get(pk=application.pk)
        problem = submission_problems(locked, fund_round, now=now)
        if problem is not None:
            raise problem
        locked.status = A.SUBMITTED
        locked.submitted_at = now
        locked.submitted_by = actor
        locked.save(update_fields=["status", "submitted_at", "submitted_by"])
        audit_record(actor=actor, action="fund.application_submit", target=locked)
        _email_receipt(locked, fund_round)
    return locked


def _email_receipt(application, fund_round):
    for address, language, name in applicant_recipients(application):
        email_queue(
            key=f"fund-application-submitted:{application.pk}:{address}",
            template="fund_rounds_submitted",
            to=address,
            language=language,
            context={
                "addressee": name,
                "application": application,
                "round": fund_round,
            },
        )


def application_withdraw(*, actor, application) -> FundApplication:
    """The representative withdraws the application before any decision on it."""
    require(actor, "network.withdraw_fund_application", application)
    with service_transaction():
        FundRound.objects.select_for_update().get(pk=application.round_id)
        locked = FundApplication.objects.select_for_update().get(pk=application.pk)
        if locked.status not in WITHDRAWABLE:
            raise ServiceError(
                _("The application is %(status)s: it can't be withdrawn now.")
                % {"status": locked.get_status_display()}
            )
        before = locked.status
        locked.status = A.WITHDRAWN
        locked.earmarked = 0
        locked.save(update_fields=["status", "earmarked"])
        audit_record(
            actor=actor,
            action="fund.application_withdraw",
            target=locked,
            data={"from": before},
        )
    return locked


def application_file_attach(
    *, actor, application, uploaded, description="", public=False
):
    """Attach a document to the draft with the applicant's 公開/非公開 choice."""
    require(actor, "network.edit_fund_application", application)
    with service_transaction():
        locked = FundApplication.objects.select_for_update().get(pk=application.pk)
        if locked.status != A.DRAFT:
            raise ServiceError(_("Files can be added only to a draft."))
        stored = file_attach(
            actor=actor, target=locked, uploaded=uploaded, description=description
        )
        ApplicationFile.objects.create(application=locked, file=stored, public=public)
    return stored
