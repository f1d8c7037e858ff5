from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wco_sse.core.models import TrackedModel
from wco_sse.core.tracking import TrackedQuerySet


class Section(models.TextChoices):
    """The organization's three sections: a fixed list (DESIGN)."""

    SUPPORT = "support", _("Support section")
    NETWORK = "network", _("Network section")
    BUSINESS = "business", _("Business section")


class Desk(models.TextChoices):
    GENERAL = "general", _("General consultation desk")
    FINANCE = "finance", _("Finance consultation desk")


class Role(models.TextChoices):
    REPRESENTATIVE_DIRECTOR = "representative_director", _("Representative director")
    EXECUTIVE_DIRECTOR = "executive_director", _("Executive director")
    DIRECTOR = "director", _("Director")
    AUDITOR = "auditor", _("Auditor")
    FULL_TIME_OFFICER = "full_time_officer", _("Full-time officer")
    SECRETARY_GENERAL = "secretary_general", _("Secretary-general")
    SECRETARIAT_STAFF = "secretariat_staff", _("Secretariat staff")
    COUNCIL_MEMBER = "council_member", _("Operations council member")
    SECTION_MEMBER = "section_member", _("Section member")
    SCHOOL_COMMITTEE = "school_committee", _("W.Co School committee member")
    ADVISOR = "advisor", _("Advisor")
    FUND_COMMITTEE = "fund_committee", _("Fund committee member")

    @classmethod
    def scope_choices(cls, role):
        """The scopes a role takes; an empty tuple for roles without a scope."""
        if role == cls.SECTION_MEMBER:
            return tuple(Section.choices)
        if role == cls.ADVISOR:
            return tuple(Desk.choices)
        return ()


DIRECTOR_ROLES = (Role.REPRESENTATIVE_DIRECTOR, Role.EXECUTIVE_DIRECTOR, Role.DIRECTOR)


class EndReason(models.TextChoices):
    """Why a term ended. A director or auditor leaves by the expiry of their term or
    by resigning keeps the office's rights and duties while the board is short of
    its number (一般社団法人法 75条); one dismissed, or who died, does not."""

    TERM_EXPIRED = "term_expired", _("End of the term")
    RESIGNED = "resigned", _("Resignation")
    DISMISSED = "dismissed", _("Dismissal")
    DIED = "died", _("Death")
    OTHER = "other", _("Other (lost the qualification)")


# The endings after which an officer may hold over.
HOLDOVER_END_REASONS = ("", EndReason.TERM_EXPIRED, EndReason.RESIGNED)


class RoleAssignmentQuerySet(TrackedQuerySet):
    def current(self, day=None):
        """Assignments whose term includes ``day`` (today by default)."""
        day = day or timezone.localdate()
        return self.filter(start__lte=day).filter(Q(end__isnull=True) | Q(end__gte=day))


class RoleAssignment(TrackedModel):
    """An office or function a person holds for a term, optionally within a scope."""

    person = models.ForeignKey(
        "members.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    scope = models.CharField(_("scope"), max_length=20, blank=True)
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)
    end_reason = models.CharField(
        _("why the term ended"),
        max_length=16,
        choices=EndReason.choices,
        blank=True,
        help_text=_("Empty while the term runs, or for an end date set in advance."),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("assigned at"), auto_now_add=True)

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["role", "start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="role_assignment_end_after_start",
            ),
            models.CheckConstraint(
                condition=(
                    Q(role=Role.SECTION_MEMBER, scope__in=Section.values)
                    | Q(role=Role.ADVISOR, scope__in=Desk.values)
                    | (~Q(role__in=[Role.SECTION_MEMBER, Role.ADVISOR]) & Q(scope=""))
                ),
                name="role_assignment_scope_fits_role",
            ),
        ]
        indexes = [models.Index(fields=["person", "role"])]

    def __str__(self):
        return f"{self.person} — {self.label}"

    @property
    def label(self):
        label = self.get_role_display()
        scopes = dict(Role.scope_choices(self.role))
        if self.scope in scopes:
            return gettext("%(role)s (%(scope)s)") % {
                "role": label,
                "scope": scopes[self.scope],
            }
        return str(label)

    def is_current(self, day=None):
        day = day or timezone.localdate()
        return self.start <= day and (self.end is None or self.end >= day)
