"""Personal-data requests (開示・訂正・削除): a person asks from my page, or the
secretariat records a request for someone who phoned or wrote; the person withdraws
an open one; the secretariat answers a correction, and a request is declined with
the reason. Each closed request is in the audit log, and the person is told by email
when the request is received and when it is answered or declined.

An export and an erasure are carried out by their own parts (``exports``,
``erasure``); they close the request with ``privacy_request_close_within``.

Lock order: Person → PrivacyRequest (the person's row guards "one open request of a
kind at a time").
"""

from dataclasses import dataclass

from django.db.models import Case, F, IntegerField, Value, When
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.models import Person, PrivacyRequest
from members.roles import roles_of
from wco_sse.core.audit import audit_record
from wco_sse.core.emails import email_queue
from wco_sse.core.errors import ServiceError, require
from wco_sse.core.text import NOTE_MAX_LENGTH
from wco_sse.core.transactions import service_transaction

from .registry import declarations

Kind = PrivacyRequest.Kind
State = PrivacyRequest.State
Channel = PrivacyRequest.Channel

# What a correction is about, when it is none of the declared kinds of record.
OTHER_RECORD = "other"
CORRECTION_PART_MAX_LENGTH = 1000


def record_kind_choices():
    """The kinds of record a person may ask to correct: the declarations' labels
    (every model holding personal data), then "something else"."""
    labels = sorted(
        {str(d.label) for d in declarations() if d.personal and d.label},
    )
    return [
        *((label, label) for label in labels),
        (OTHER_RECORD, gettext_lazy("Something else")),
    ]


@dataclass
class Correction:
    """What a correction asks: which record, what is wrong, where it is shown, and
    what it should say."""

    record_kind: str = ""
    wrong: str = ""
    where: str = ""
    should_be: str = ""

    def text(self):
        """The request's details as the secretariat reads them."""
        kind = dict(record_kind_choices()).get(self.record_kind, self.record_kind)
        return "\n".join(
            (
                _("Record: %(kind)s") % {"kind": kind},
                _("What is wrong: %(text)s") % {"text": self.wrong},
                _("Where: %(text)s") % {"text": self.where},
                _("What it should be: %(text)s") % {"text": self.should_be},
            )
        )


def _details(kind, details, correction):
    details = (details or "").strip()
    if kind not in Kind.values:
        raise ServiceError(_("Choose what you ask for."), field="kind")
    if kind == Kind.CORRECTION:
        if correction is None:
            raise ServiceError(_("Say what is wrong and what it should be."))
        if correction.record_kind not in dict(record_kind_choices()):
            raise ServiceError(
                _("Choose the kind of record from the list."), field="record_kind"
            )
        for name, message in (
            ("wrong", _("Say what is wrong.")),
            ("where", _("Say where it is shown (a page, a document, a date).")),
            ("should_be", _("Say what it should be.")),
        ):
            value = (getattr(correction, name) or "").strip()
            if not value:
                raise ServiceError(message, field=name)
            if len(value) > CORRECTION_PART_MAX_LENGTH:
                raise ServiceError(_("This is too long."), field=name)
            setattr(correction, name, value)
        text = correction.text()
        if details:
            text = f"{text}\n{details}"
        details = text
    if len(details) > NOTE_MAX_LENGTH:
        raise ServiceError(_("The details are too long."), field="details")
    return details


def _email(request, *, template):
    person = request.person
    return email_queue(
        key=f"{template}:{request.pk}:{request.state}",
        template=template,
        to=person.contact_email,
        language=person.language,
        context={"person": person, "request": request},
    )


def _create_within(*, actor, person, kind, channel, details, correction, action):
    locked = Person.objects.select_for_update(of=("self",)).filter(pk=person.pk).first()
    if locked is None or locked.erased_at is not None or locked.is_placeholder:
        raise ServiceError(_("Choose a person from the list."), field="person")
    details = _details(kind, details, correction)
    if PrivacyRequest.objects.filter(
        person=locked, kind=kind, state__in=PrivacyRequest.OPEN_STATES
    ).exists():
        raise ServiceError(
            _(
                "A request of this kind (%(kind)s) is already open. It can be made "
                "again once it is answered or withdrawn."
            )
            % {"kind": Kind(kind).label}
        )
    request = PrivacyRequest.objects.create(
        person=locked,
        kind=kind,
        channel=channel,
        details=details,
        requested_by=actor if actor is not None and actor.is_authenticated else None,
    )
    audit_record(
        actor=actor,
        action=action,
        target=request,
        message=request.get_channel_display(),
    )
    _email(request, template="privacy_request_received")
    return request


def privacy_request_create(
    *, actor, kind: str, details: str = "", correction: Correction | None = None
) -> PrivacyRequest:
    """A person asks, from my page, for an export, a correction or an erasure of
    their own data."""
    require(actor, "members.request_own_privacy")
    person_id = roles_of(actor).person_id
    with service_transaction():
        return _create_within(
            actor=actor,
            person=Person(pk=person_id),
            kind=kind,
            channel=Channel.MY_PAGE,
            details=details,
            correction=correction,
            action="privacy.request_create",
        )


RECORDED_CHANNELS = (Channel.PHONE, Channel.LETTER, Channel.EMAIL, Channel.IN_PERSON)


def privacy_request_record(
    *,
    actor,
    person: Person,
    kind: str,
    channel: str,
    details: str = "",
    correction: Correction | None = None,
) -> PrivacyRequest:
    """The secretariat records a request for someone who phoned, wrote or came."""
    require(actor, "members.record_privacy_request")
    if channel not in RECORDED_CHANNELS:
        raise ServiceError(_("Choose how the request came."), field="channel")
    if person is None:
        raise ServiceError(_("Choose a person from the list."), field="person")
    with service_transaction():
        return _create_within(
            actor=actor,
            person=person,
            kind=kind,
            channel=channel,
            details=details,
            correction=correction,
            action="privacy.request_record",
        )


def _lock(request, *, actor, perm):
    locked = PrivacyRequest.objects.select_for_update(of=("self",)).get(pk=request.pk)
    if not locked.is_open:
        raise ServiceError(_("This request is already closed."))
    require(actor, perm, locked)
    return locked


def privacy_request_withdraw(*, actor, request: PrivacyRequest) -> PrivacyRequest:
    """The person withdraws their open request."""
    require(actor, "members.withdraw_privacy_request", request)
    with service_transaction():
        locked = _lock(request, actor=actor, perm="members.withdraw_privacy_request")
        locked.state = State.WITHDRAWN
        locked.closed_at = timezone.now()
        locked.save(update_fields=["state", "closed_at"])
        audit_record(actor=actor, action="privacy.request_withdraw", target=locked)
    return locked


def _answer(answer):
    answer = (answer or "").strip()
    if len(answer) > NOTE_MAX_LENGTH:
        raise ServiceError(_("The answer is too long."), field="answer")
    return answer


def privacy_request_close_within(*, actor, request: PrivacyRequest, answer: str):
    """Close a locked open request as done, with its answer: logged, and the person
    told by email. For the export and the erasure, inside their transaction."""
    request.state = State.DONE
    request.answer = answer
    request.handled_by = actor if actor is not None and actor.is_authenticated else None
    request.closed_at = timezone.now()
    request.save(update_fields=["state", "answer", "handled_by", "closed_at"])
    audit_record(
        actor=actor,
        action="privacy.request_close",
        target=request,
        data={"kind": request.kind},
    )
    _email(request, template="privacy_request_answered")
    return request


def privacy_request_answer(
    *, actor, request: PrivacyRequest, state: str, answer: str
) -> PrivacyRequest:
    """The secretariat answers a correction: in progress (a note for the file), or
    done with the answer the person reads (closed, logged, emailed)."""
    require(actor, "members.handle_privacy_correction", request)
    answer = _answer(answer)
    if state not in (State.IN_PROGRESS, State.DONE):
        raise ServiceError(_("Choose the request's state."), field="state")
    if state == State.DONE and not answer:
        raise ServiceError(
            _("Write the answer the person will read: what was corrected, or why not."),
            field="answer",
        )
    with service_transaction():
        locked = _lock(request, actor=actor, perm="members.handle_privacy_correction")
        if state == State.DONE:
            return privacy_request_close_within(
                actor=actor, request=locked, answer=answer
            )
        locked.state = State.IN_PROGRESS
        locked.handled_by = actor
        fields = ["state", "handled_by"]
        if answer:
            locked.answer = answer
            fields.append("answer")
        locked.save(update_fields=fields)
        audit_record(actor=actor, action="privacy.request_progress", target=locked)
    return locked


def privacy_request_refuse(
    *, actor, request: PrivacyRequest, answer: str
) -> PrivacyRequest:
    """Decline an open request, with the reason the person reads (closed, logged,
    emailed)."""
    require(actor, "members.refuse_privacy_request", request)
    answer = _answer(answer)
    if not answer:
        raise ServiceError(
            _("Write why the request is declined: the person reads it."),
            field="answer",
        )
    with service_transaction():
        locked = _lock(request, actor=actor, perm="members.refuse_privacy_request")
        locked.state = State.REFUSED
        locked.answer = answer
        locked.handled_by = actor
        locked.closed_at = timezone.now()
        locked.save(update_fields=["state", "answer", "handled_by", "closed_at"])
        audit_record(
            actor=actor,
            action="privacy.request_refuse",
            target=locked,
            data={"kind": locked.kind},
        )
        _email(locked, template="privacy_request_refused")
    return locked


# --- Reads -----------------------------------------------------------------------------


def privacy_requests_of(*, person_id):
    """A person's own requests, newest first (my page)."""
    if person_id is None:
        return PrivacyRequest.objects.none()
    return PrivacyRequest.objects.filter(person_id=person_id).order_by(
        "-created_at", "-pk"
    )


def privacy_requests_queue():
    """The secretariat's queue: open requests first (the oldest first, as they are
    answered), then the closed ones, the last closed first."""
    return (
        PrivacyRequest.objects.select_related("person", "handled_by__person")
        .annotate(
            closed=Case(
                When(state__in=PrivacyRequest.OPEN_STATES, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("closed", F("closed_at").desc(nulls_first=True), "created_at", "pk")
    )


def privacy_request_get_for(*, user, pk, perm="members.view_privacy_request"):
    """The request, or 404 when it is missing or outside the viewer's reach."""
    request = (
        PrivacyRequest.objects.select_related(
            "person", "requested_by__person", "handled_by__person"
        )
        .filter(pk=pk)
        .first()
    )
    if request is None or not user.has_perm(perm, request):
        raise Http404
    return request
