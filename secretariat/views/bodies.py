"""Bodies (会議体): the secretariat keeps their rules; the board and the council read them."""

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import ListView, TemplateView

from wco_sse.core import fragments
from wco_sse.core.views import CachedPageMixin

from .. import selectors, services
from ..forms import BodyForm, BodyMemberForm, DelegateForm, SeatRegularMembersForm
from ..membership import body_seats
from ..models import Body
from .actions import body_page_extras
from .base import ActionView, GovernanceMixin


class BodyListView(GovernanceMixin, ListView):
    permission = "secretariat.view_meetings"
    template_name = "secretariat/body_list.html"
    context_object_name = "bodies"

    def get_queryset(self):
        return Body.objects.all()


class BodyDetailView(GovernanceMixin, CachedPageMixin, TemplateView):
    template_name = "secretariat/body_detail.html"
    # As its fragment, and the action items and documents beside it (files).
    page_depends_on = ("secretariat", "members", "core")

    def get_object(self):
        return selectors.body_get_for(
            user=self.request.user,
            pk=self.kwargs["pk"],
            perms=("secretariat.view_body",),
        )

    def get_context_data(self, **kwargs):
        body = self.object
        # Read only when the page's cached fragment misses (below).
        seats = SimpleLazyObject(lambda: body_seats(body, timezone.localdate()))
        return super().get_context_data(
            body=body,
            seats=seats,
            can_run=self.request.user.has_perm("secretariat.run_body", body),
            holdovers=SimpleLazyObject(lambda: [s for s in seats if s.holdover]),
            meetings=body.meetings.select_related("chair").order_by("-starts_at")[:20],
            # Action items and documents: their own include on the page.
            **body_page_extras(body, user=self.request.user),
            # The members, meetings, action items and documents for this viewer,
            # until something of the secretariat or the registry changes
            # (core.fragments); the viewer's stamp carries their roles and the day.
            page_stamp=fragments.stamp(
                self.request, depends_on=("secretariat", "members"), vary=(body.pk,)
            ),
            **kwargs,
        )


class BodyEditView(ActionView):
    """A new ad-hoc body, or the rules of any body (``Body.RULE_FIELDS``)."""

    permission = "secretariat.manage_meetings"
    form_class = BodyForm
    page_title = _("Rules of the body")

    def get_object(self):
        if "pk" not in self.kwargs:
            return None
        return selectors.body_get_for(
            user=self.request.user, pk=self.kwargs["pk"], perms=(self.permission,)
        )

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        # The form only validates (on a copy); the service saves, on a locked row.
        kwargs["instance"] = (
            Body.objects.get(pk=self.object.pk)
            if self.object
            else Body(kind=Body.Kind.AD_HOC)
        )
        return kwargs

    def perform(self, form):
        data = {
            name: form.cleaned_data[name]
            for name in Body.RULE_FIELDS
            if name in form.cleaned_data
        }
        if self.object is None:
            self.object = services.body_create(actor=self.request.user, **data)
            return self.object
        return services.body_update(actor=self.request.user, body=self.object, **data)

    def success_message(self, result):
        return _("The body was saved.")

    def get_success_url(self):
        if self.object:
            return reverse("secretariat:body_detail", args=[self.object.pk])
        return reverse("secretariat:body_list")


class BodyMemberAddView(ActionView):
    permission = "secretariat.run_body"
    form_class = BodyMemberForm
    page_title = _("Add a member")

    def get_object(self):
        return selectors.body_get_for(
            user=self.request.user,
            pk=self.kwargs["pk"],
            perms=("secretariat.view_body", self.permission),
        )

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "body": self.object,
            "user": self.request.user,
        }

    def perform(self, form):
        return services.body_member_add(
            actor=self.request.user,
            body=self.object,
            person=form.cleaned_data["person"],
            organization=form.cleaned_data["organization"],
            start=form.cleaned_data["start"],
            note=form.cleaned_data["note"],
        )

    def success_message(self, result):
        return _("%(person)s was added.") % {"person": result.person}

    def get_success_url(self):
        return reverse("secretariat:body_detail", args=[self.object.pk])


class SeatRegularMembersView(ActionView):
    """A liaison council (連携会議): those who run it seat the 正会員 W.Cos that have no
    seat, each with its representative as delegate."""

    permission = "secretariat.run_body"
    form_class = SeatRegularMembersForm
    page_title = _("Seat the regular members")
    submit_label = _("Seat the chosen W.Cos")
    intro = _(
        "Each chosen W.Co is seated with its representative as delegate; its representative can name another delegate later."
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not context["form"].fields["organizations"].queryset.exists():
            context["intro"] = _(
                "Every regular-member W.Co already has a seat on this body."
            )
        return context

    def get_object(self):
        body = selectors.body_get_for(
            user=self.request.user,
            pk=self.kwargs["pk"],
            perms=("secretariat.view_body", self.permission),
        )
        if body.category != Body.Category.LIAISON:
            raise Http404
        return body

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "candidates": services.regular_wcos_without_seat(self.object),
        }

    def perform(self, form):
        return services.body_seat_regular_members(
            actor=self.request.user,
            body=self.object,
            organizations=form.cleaned_data["organizations"],
        )

    def success_message(self, result):
        return ngettext(
            "%(count)s W.Co was seated.", "%(count)s W.Cos were seated.", len(result)
        ) % {"count": len(result)}

    def get_success_url(self):
        return reverse("secretariat:body_detail", args=[self.object.pk])


class SeatDelegateView(ActionView):
    """An organization's representative (or those who run the body) names the
    organization's delegate on a body."""

    permission = "secretariat.name_delegate"
    form_class = DelegateForm
    page_title = _("Change the delegate")
    submit_label = _("Change the delegate")

    def get_object(self):
        return selectors.seat_get_for(user=self.request.user, pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "seat": self.object}

    @property
    def intro(self):
        return _(
            "%(organization)s sits on %(body)s through %(person)s. The new delegate "
            "takes the seat from today, and the section running the body is told by email."
        ) % {
            "organization": self.object.organization,
            "body": self.object.body,
            "person": self.object.person,
        }

    def perform(self, form):
        return services.body_delegate_change(
            actor=self.request.user,
            seat=self.object,
            person=form.cleaned_data["person"],
        )

    def success_message(self, result):
        return _("%(person)s is now the delegate.") % {"person": result.person}

    def get_success_url(self):
        return reverse(
            "members:organization_detail", args=[self.object.organization_id]
        )
