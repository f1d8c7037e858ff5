"""The talent bank's use cases (人材バンク): a person's profile and its consent, the
qualifications on it, the secretariat's list of qualifications, and keeping profiles
current (the yearly "still available?" email, dormancy, expiry reminders).

Lock order: Person → TalentProfile → HeldQualification → TalentProposal (a profile's
row guards its qualifications and its open proposals).
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Industry, Municipality, Person
from members.roles import roles_of
from wco_sse.core.audit import audit_record
from wco_sse.core.emails import email_queue
from wco_sse.core.errors import ServiceError, require
from wco_sse.core.files import file_attach, file_delete_within, files_attached_to
from wco_sse.core.transactions import service_transaction

from ..models import (
    HeldQualification,
    Qualification,
    TalentProfile,
    TalentProposal,
    TalentSkill,
)
from ..models.talent import availability_mask, end_of_fiscal_year

# The yearly question goes this many days after the last confirmation; without an
# answer within ANSWER_DAYS the profile rests (DORMANT).
REFRESH_AFTER_DAYS = 365
ANSWER_DAYS = 30
EXPIRY_REMINDER_DAYS = 60
MAX_HOURS_PER_WEEK = 80
MAX_SKILL_YEARS = 80
MAX_SKILLS = 20
INTRODUCTION_MAX_LENGTH = 800


@dataclass
class ProfileData:
    """What a profile's form gives (areas and industries as ids or records)."""

    consent_scope: str
    areas: list = field(default_factory=list)
    availability: list = field(default_factory=list)
    hours_per_week: int | None = None
    preferred_industries: list = field(default_factory=list)
    introduction: str = ""
    skills: list = field(default_factory=list)  # [(name, years)]


def _ids(values):
    return {getattr(v, "pk", v) for v in values}


def _clean_profile(data: ProfileData):
    """The profile's values checked, each refusal at its field: (fields, areas,
    industries, skills)."""
    if data.consent_scope not in TalentProfile.Scope.values:
        raise ServiceError(_("Choose who may see your profile."), field="consent_scope")
    try:
        area_ids = {int(i) for i in _ids(data.areas)}
    except (TypeError, ValueError) as error:
        raise ServiceError(_("Choose areas from the list."), field="areas") from error
    if not area_ids:
        raise ServiceError(
            _("Choose at least one area where you can work."), field="areas"
        )
    areas = list(Municipality.objects.filter(pk__in=area_ids))
    if len(areas) != len(area_ids):
        raise ServiceError(_("Choose areas from the list."), field="areas")
    try:
        mask = availability_mask(data.availability)
    except ValueError as error:
        raise ServiceError(
            _("Choose days and times from the grid."), field="availability"
        ) from error
    hours = data.hours_per_week
    if hours is not None and not 1 <= hours <= MAX_HOURS_PER_WEEK:
        raise ServiceError(
            _("Hours per week are between 1 and %(max)s.")
            % {"max": MAX_HOURS_PER_WEEK},
            field="hours_per_week",
        )
    industry_ids = _ids(data.preferred_industries)
    industries = list(Industry.objects.filter(pk__in=industry_ids))
    if len(industries) != len(industry_ids):
        raise ServiceError(
            _("Choose industries from the list."), field="preferred_industries"
        )
    introduction = (data.introduction or "").strip()
    if len(introduction) > INTRODUCTION_MAX_LENGTH:
        raise ServiceError(_("The introduction is too long."), field="introduction")
    skills = {}
    for name, years in data.skills:
        name = (name or "").strip()
        if not name:
            continue
        if len(name) > 60 or not 0 <= (years or 0) <= MAX_SKILL_YEARS:
            raise ServiceError(_("Check the skills."), field="skills")
        skills[name] = max(skills.get(name, 0), years or 0)
    if len(skills) > MAX_SKILLS:
        raise ServiceError(_("Check the skills."), field="skills")
    fields = {
        "consent_scope": data.consent_scope,
        "availability": mask,
        "hours_per_week": hours,
        "introduction": introduction,
    }
    return fields, areas, industries, skills


def _store_relations(profile, areas, industries, skills):
    profile.areas.set(areas)
    profile.preferred_industries.set(industries)
    profile.skills.all().delete()
    TalentSkill.objects.bulk_create(
        TalentSkill(profile=profile, name=name, years=years)
        for name, years in skills.items()
    )


def _profile_lock(profile) -> TalentProfile:
    return TalentProfile.objects.select_for_update(of=("self",)).get(pk=profile.pk)


def _create_within(*, actor, person, data, method, consent_at, recorded_by):
    Person.objects.select_for_update(of=("self",)).filter(pk=person.pk).first()
    if TalentProfile.objects.filter(person=person).exists():
        raise ServiceError(_("This person already has a talent profile."))
    fields, areas, industries, skills = _clean_profile(data)
    today = timezone.localdate()
    profile = TalentProfile.objects.create(
        person=person,
        consent_method=method,
        consent_at=consent_at,
        consent_recorded_by=recorded_by,
        consent_expires=end_of_fiscal_year(today),
        confirmed_on=today,
        state_changed_on=today,
        **fields,
    )
    _store_relations(profile, areas, industries, skills)
    audit_record(
        actor=actor,
        action="talent.profile_create",
        target=profile,
        data={"method": method, "scope": fields["consent_scope"]},
    )
    return profile


def talent_profile_create(*, actor, data: ProfileData, consent: bool) -> TalentProfile:
    """A person registers in the talent bank themself, consenting on the portal."""
    require(actor, "support.keep_own_talent_profile")
    if not consent:
        raise ServiceError(
            _("We can keep your profile only with your consent."), field="consent"
        )
    person = Person.objects.get(pk=roles_of(actor).person_id)
    with service_transaction():
        return _create_within(
            actor=actor,
            person=person,
            data=data,
            method=TalentProfile.ConsentMethod.SELF,
            consent_at=timezone.now(),
            recorded_by=None,
        )


def talent_profile_enter(
    *,
    actor,
    person,
    data: ProfileData,
    consent_method: str,
    consent_at: datetime.datetime,
    consent: bool,
) -> TalentProfile:
    """The secretariat enters the profile of someone who phoned or wrote, with the
    consent they gave (verbal or written), who recorded it and when."""
    require(actor, "support.enter_talent_profile")
    if consent_method not in (
        TalentProfile.ConsentMethod.VERBAL,
        TalentProfile.ConsentMethod.WRITTEN,
    ):
        raise ServiceError(_("Choose how consent was given."), field="consent_method")
    if consent_at is None or consent_at > timezone.now():
        raise ServiceError(
            _("The consent cannot be given in the future."), field="consent_at"
        )
    if not consent:
        raise ServiceError(
            _("Enter the profile only after the person has agreed."), field="consent"
        )
    if person is None:
        raise ServiceError(_("Choose the person."), field="person")
    with service_transaction():
        return _create_within(
            actor=actor,
            person=person,
            data=data,
            method=consent_method,
            consent_at=consent_at,
            recorded_by=actor,
        )


def talent_profile_update(*, actor, profile, data: ProfileData) -> TalentProfile:
    require(actor, "support.edit_talent_profile", profile)
    with service_transaction():
        profile = _profile_lock(profile)
        if profile.state == TalentProfile.State.WITHDRAWN:
            raise ServiceError(_("A withdrawn profile is not edited."))
        fields, areas, industries, skills = _clean_profile(data)
        for name, value in fields.items():
            setattr(profile, name, value)
        profile.save(update_fields=[*fields, "updated_at"])
        _store_relations(profile, areas, industries, skills)
        audit_record(actor=actor, action="talent.profile_update", target=profile)
    return profile


def talent_consent_renew(*, actor, profile) -> TalentProfile:
    """The consent given again: valid to the end of this fiscal year; a dormant or
    withdrawn profile becomes active."""
    require(actor, "support.edit_talent_profile", profile)
    with service_transaction():
        profile = _profile_lock(profile)
        today = timezone.localdate()
        mine = profile.person_id == roles_of(actor).person_id
        profile.consent_expires = end_of_fiscal_year(today)
        profile.consent_at = timezone.now()
        profile.consent_method = (
            TalentProfile.ConsentMethod.SELF
            if mine
            else TalentProfile.ConsentMethod.VERBAL
        )
        profile.consent_recorded_by = None if mine else actor
        profile.confirmed_on = today
        profile.refresh_asked_on = None
        changed = ["consent_expires", "consent_at", "consent_method"]
        changed += ["consent_recorded_by", "confirmed_on", "refresh_asked_on"]
        if profile.state != TalentProfile.State.ACTIVE:
            profile.state = TalentProfile.State.ACTIVE
            profile.state_changed_on = today
            changed += ["state", "state_changed_on"]
        profile.save(update_fields=[*changed, "updated_at"])
        audit_record(
            actor=actor,
            action="talent.consent_renew",
            target=profile,
            data={"until": profile.consent_expires.isoformat()},
        )
    return profile


def talent_profile_confirm(*, actor, profile) -> TalentProfile:
    """ "Still available": the yearly question answered; a dormant profile is active
    again."""
    require(actor, "support.edit_talent_profile", profile)
    with service_transaction():
        profile = _profile_lock(profile)
        if profile.state == TalentProfile.State.WITHDRAWN:
            raise ServiceError(
                _("A withdrawn profile comes back when you renew your consent.")
            )
        today = timezone.localdate()
        profile.confirmed_on = today
        profile.refresh_asked_on = None
        changed = ["confirmed_on", "refresh_asked_on"]
        if profile.state == TalentProfile.State.DORMANT:
            profile.state = TalentProfile.State.ACTIVE
            profile.state_changed_on = today
            changed += ["state", "state_changed_on"]
        profile.save(update_fields=[*changed, "updated_at"])
        audit_record(actor=actor, action="talent.profile_confirm", target=profile)
    return profile


def talent_profile_withdraw(*, actor, profile) -> TalentProfile:
    """The person leaves the bank: never matched again, and every open proposal of
    the profile is withdrawn with it."""
    require(actor, "support.edit_talent_profile", profile)
    with service_transaction():
        profile = _profile_lock(profile)
        if profile.state == TalentProfile.State.WITHDRAWN:
            raise ServiceError(_("The profile is withdrawn already."))
        profile.state = TalentProfile.State.WITHDRAWN
        profile.state_changed_on = timezone.localdate()
        profile.save(update_fields=["state", "state_changed_on", "updated_at"])
        open_ids = list(
            TalentProposal.objects.select_for_update(of=("self",))
            .filter(profile=profile, state__in=TalentProposal.OPEN_STATES)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        TalentProposal.objects.filter(pk__in=open_ids).update(
            state=TalentProposal.State.WITHDRAWN, outcome_at=timezone.now()
        )
        audit_record(
            actor=actor,
            action="talent.profile_withdraw",
            target=profile,
            data={"proposals": open_ids},
        )
    return profile


# --- Qualifications on a profile ------------------------------------------------------------


def _check_held(*, qualification, state, number, obtained_on, expires_on):
    if qualification is None or not isinstance(qualification, Qualification):
        raise ServiceError(
            _("Choose a qualification from the list."), field="qualification"
        )
    if not Qualification.objects.filter(pk=qualification.pk, is_active=True).exists():
        raise ServiceError(
            _("Choose a qualification from the list."), field="qualification"
        )
    if state not in HeldQualification.State.values:
        raise ServiceError(_("Choose held or expected."), field="state")
    if len(number or "") > 40:
        raise ServiceError(_("The number is too long."), field="number")
    today = timezone.localdate()
    if obtained_on is not None and obtained_on > today and state == "held":
        raise ServiceError(
            _("A qualification held was obtained by today; choose expected."),
            field="obtained_on",
        )
    if (
        state == HeldQualification.State.HELD
        and qualification.expires
        and expires_on is None
    ):
        raise ServiceError(
            _("This qualification expires: enter its expiry date."),
            field="expires_on",
        )
    if expires_on is not None and obtained_on is not None and expires_on < obtained_on:
        raise ServiceError(
            _("The expiry date cannot be before the date obtained."),
            field="expires_on",
        )


def _attach_evidence(*, actor, held, evidence):
    for old in files_attached_to(held):
        file_delete_within(actor=actor, stored=old, target=held)
    file_attach(actor=actor, target=held, uploaded=evidence)


def held_qualification_add(
    *,
    actor,
    profile,
    qualification,
    state=HeldQualification.State.HELD,
    number="",
    obtained_on=None,
    expires_on=None,
    evidence=None,
) -> HeldQualification:
    require(actor, "support.edit_talent_profile", profile)
    _check_held(
        qualification=qualification,
        state=state,
        number=number,
        obtained_on=obtained_on,
        expires_on=expires_on,
    )
    with service_transaction():
        profile = _profile_lock(profile)
        if profile.qualifications.filter(qualification=qualification).exists():
            raise ServiceError(
                _("This qualification is on the profile already."),
                field="qualification",
            )
        held = HeldQualification.objects.create(
            profile=profile,
            qualification=qualification,
            state=state,
            number=(number or "").strip(),
            obtained_on=obtained_on,
            expires_on=expires_on,
        )
        if evidence is not None:
            _attach_evidence(actor=actor, held=held, evidence=evidence)
        audit_record(
            actor=actor,
            action="talent.qualification_add",
            target=profile,
            message=qualification.name,
        )
    return held


def held_qualification_update(
    *,
    actor,
    held,
    qualification,
    state,
    number="",
    obtained_on=None,
    expires_on=None,
    evidence=None,
) -> HeldQualification:
    """A change of what was verified (qualification, state, number, dates, file)
    clears the verification."""
    require(actor, "support.edit_held_qualification", held)
    _check_held(
        qualification=qualification,
        state=state,
        number=number,
        obtained_on=obtained_on,
        expires_on=expires_on,
    )
    with service_transaction():
        _profile_lock(held.profile)
        held = HeldQualification.objects.select_for_update(of=("self",)).get(pk=held.pk)
        if (
            qualification.pk != held.qualification_id
            and held.profile.qualifications.filter(qualification=qualification)
            .exclude(pk=held.pk)
            .exists()
        ):
            raise ServiceError(
                _("This qualification is on the profile already."),
                field="qualification",
            )
        new = {
            "qualification_id": qualification.pk,
            "state": state,
            "number": (number or "").strip(),
            "obtained_on": obtained_on,
            "expires_on": expires_on,
        }
        changed = [name for name, value in new.items() if getattr(held, name) != value]
        for name in changed:
            setattr(held, name, new[name])
        if evidence is not None:
            _attach_evidence(actor=actor, held=held, evidence=evidence)
        if (changed or evidence is not None) and held.verified_at is not None:
            held.verified_at = None
            held.verified_by = None
            changed += ["verified_at", "verified_by"]
        if changed:
            held.save(update_fields=changed)
        audit_record(
            actor=actor,
            action="talent.qualification_update",
            target=held.profile,
            message=str(qualification),
            data={"changed": [c.removesuffix("_id") for c in changed]},
        )
    return held


def held_qualification_delete(*, actor, held):
    require(actor, "support.edit_held_qualification", held)
    with service_transaction():
        _profile_lock(held.profile)
        for stored in files_attached_to(held):
            file_delete_within(actor=actor, stored=stored, target=held)
        name = str(held.qualification)
        profile = held.profile
        held.delete()
        audit_record(
            actor=actor,
            action="talent.qualification_delete",
            target=profile,
            message=name,
        )


def held_qualification_verify(*, actor, held) -> HeldQualification:
    """The secretariat has seen the evidence."""
    require(actor, "support.verify_qualification", held)
    with service_transaction():
        held = HeldQualification.objects.select_for_update(of=("self",)).get(pk=held.pk)
        if held.verified_at is not None:
            raise ServiceError(_("The qualification is verified already."))
        held.verified_at = timezone.now()
        held.verified_by = actor
        held.save(update_fields=["verified_at", "verified_by"])
        audit_record(
            actor=actor,
            action="talent.qualification_verify",
            target=held.profile,
            message=str(held.qualification),
        )
    return held


# --- The secretariat's list of qualifications ---------------------------------------------


def qualification_save(
    *, actor, qualification=None, name, expires, order, is_active
) -> Qualification:
    require(actor, "support.manage_qualification_list")
    name = (name or "").strip()
    if not name or len(name) > 60:
        raise ServiceError(_("Enter the qualification's name."), field="name")
    if not 0 <= order <= 32767:
        raise ServiceError(_("Enter an order between 0 and 32767."), field="order")
    with service_transaction():
        others = Qualification.objects.filter(name=name)
        if qualification is not None:
            others = others.exclude(pk=qualification.pk)
        if others.exists():
            raise ServiceError(_("That qualification is listed already."), field="name")
        qualification = qualification or Qualification()
        qualification.name = name
        qualification.expires = bool(expires)
        qualification.order = order
        qualification.is_active = bool(is_active)
        qualification.save()
        audit_record(
            actor=actor,
            action="talent.qualification_list_save",
            target=qualification,
            message=name,
        )
    return qualification


# --- Keeping profiles current (Celery beat, daily; safe to run twice) ----------------------


def _person_email(profile, *, key, template, **context):
    person = profile.person
    return email_queue(
        key=key,
        template=template,
        to=person.contact_email,
        language=person.language,
        context={"person": person, "profile": profile, **context},
    )


def talent_refresh_ask(*, day: datetime.date | None = None) -> int:
    """The yearly "still available?" email: to every active profile last confirmed
    (or consented) a year ago or more and not asked yet. Answers how many were
    asked (a person without an address is asked on their page)."""
    day = day or timezone.localdate()
    due = day - datetime.timedelta(days=REFRESH_AFTER_DAYS)
    profiles = TalentProfile.objects.filter(
        state=TalentProfile.State.ACTIVE, refresh_asked_on__isnull=True
    ).select_related("person__account")
    sent = 0
    for profile in profiles:
        anchor = max(
            d
            for d in (profile.confirmed_on, timezone.localdate(profile.consent_at))
            if d is not None
        )
        if anchor > due:
            continue
        with service_transaction():
            locked = _profile_lock(profile)
            if locked.refresh_asked_on is not None:
                continue
            locked.refresh_asked_on = day
            locked.save(update_fields=["refresh_asked_on"])
            _person_email(
                profile,
                key=f"talent-refresh:{profile.pk}:{anchor.isoformat()}",
                template="talent_refresh",
                answer_by=day + datetime.timedelta(days=ANSWER_DAYS),
            )
            sent += 1
    return sent


def talent_dormancy_apply(*, day: datetime.date | None = None) -> int:
    """Profiles asked ANSWER_DAYS ago or more without an answer rest (DORMANT): never
    matched until the person confirms."""
    day = day or timezone.localdate()
    limit = day - datetime.timedelta(days=ANSWER_DAYS)
    profiles = TalentProfile.objects.filter(
        state=TalentProfile.State.ACTIVE, refresh_asked_on__lte=limit
    ).select_related("person__account")
    count = 0
    for profile in profiles:
        with service_transaction():
            locked = _profile_lock(profile)
            if (
                locked.state != TalentProfile.State.ACTIVE
                or locked.refresh_asked_on is None
                or locked.refresh_asked_on > limit
            ):
                continue
            locked.state = TalentProfile.State.DORMANT
            locked.state_changed_on = day
            locked.save(update_fields=["state", "state_changed_on", "updated_at"])
            audit_record(actor=None, action="talent.profile_dormant", target=locked)
            _person_email(
                profile,
                key=f"talent-dormant:{profile.pk}:{locked.refresh_asked_on}",
                template="talent_dormancy",
            )
            count += 1
    return count


def talent_expiry_remind(*, day: datetime.date | None = None) -> int:
    """A reminder EXPIRY_REMINDER_DAYS before a held qualification expires, once per
    expiry date (``reminded_for``)."""
    day = day or timezone.localdate()
    helds = (
        HeldQualification.objects.filter(
            state=HeldQualification.State.HELD,
            expires_on__gte=day,
            expires_on__lte=day + datetime.timedelta(days=EXPIRY_REMINDER_DAYS),
        )
        .exclude(profile__state=TalentProfile.State.WITHDRAWN)
        .select_related("qualification", "profile__person__account")
    )
    sent = 0
    for held in helds:
        if held.reminded_for == held.expires_on:
            continue
        with service_transaction():
            locked = HeldQualification.objects.select_for_update(of=("self",)).get(
                pk=held.pk
            )
            if locked.reminded_for == locked.expires_on:
                continue
            locked.reminded_for = locked.expires_on
            locked.save(update_fields=["reminded_for"])
            _person_email(
                held.profile,
                key=f"talent-expiry:{held.pk}:{held.expires_on.isoformat()}",
                template="talent_expiry",
                held=held,
            )
            sent += 1
    return sent
