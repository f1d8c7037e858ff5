"""The contact log with partners: the list with its filters and export, recording a
contact on an organization, reading and changing one, marking its follow-up done.

The log is the network section's and the secretariat's; the board, the 監事, the
operations council and the 常勤役員 read it. A contact (or an organization's "new
contact" page) answers 404 to everyone else, as for one that does not exist; the
list, without an id, answers 403.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views import View
from django.views.generic import FormView, TemplateView
from django_filters.views import FilterView
from rules.contrib.views import PermissionRequiredMixin

from members.views.base import FilteredExportView, InReachMixin, QueryMixin
from wco_sse.core import fragments
from wco_sse.core.exports import Column
from wco_sse.core.views import ServiceActionMixin, ServiceFormMixin

from . import selectors, services
from .filters import ContactFilter
from .forms import ContactForm, contact_initial


class ContactListView(PermissionRequiredMixin, QueryMixin, FilterView):
    permission_required = "network.view_contacts"
    filterset_class = ContactFilter
    template_name = "network/contact_list.html"
    paginate_by = 50
    context_object_name = "contacts"

    def get_queryset(self):
        return selectors.contact_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET
        # The page's rows for this viewer and query, until a contact or the registry
        # changes (core.fragments): the rows are read only when the cache misses.
        context["results_stamp"] = fragments.stamp(
            self.request,
            depends_on=("network.contact", "members"),
            vary=(query.urlencode(), context["page_obj"].number),
        )
        # The filters are the same for everyone who reads the log (the follow-up
        # owners' names, no form token): one rendering per language and choice.
        context["filters_stamp"] = fragments.stamp(
            self.request,
            depends_on=("network.contact", "members.person", "members.organization"),
            vary=[query.getlist(name) for name in ContactFilter.base_filters],
            per_viewer=False,
        )
        return context


def _names(people):
    return "、".join(person.full_name for person in people)


class ContactExportView(FilteredExportView):
    permission_required = "network.export_contacts"
    filterset_class = ContactFilter
    what = gettext_lazy("Contact log")
    filename = "contacts"

    def get_queryset(self):
        return selectors.contact_list()

    def get_columns(self):
        return [
            Column(pgettext("contact log", "Date"), lambda c: c.date),
            Column(
                pgettext("contact log", "Organization"), lambda c: c.organization.name
            ),
            Column(_("Partner category"), lambda c: c.get_category_display()),
            Column(
                pgettext("contact log", "Channel"), lambda c: c.get_channel_display()
            ),
            Column(_("Our people"), lambda c: _names(c.our_people.all())),
            Column(_("Their people"), lambda c: c.their_people),
            Column(pgettext("contact log", "Topic"), lambda c: c.topic),
            Column(pgettext("contact log", "Summary"), lambda c: c.summary),
            Column(_("Follow-up"), lambda c: c.follow_up),
            Column(
                _("Follow-up owner"),
                lambda c: c.follow_up_owner.full_name if c.follow_up_owner else "",
            ),
            Column(_("Follow-up due"), lambda c: c.follow_up_due),
            Column(
                _("Follow-up done"), lambda c: c.follow_up_done if c.follow_up else ""
            ),
        ]

    def back_url(self):
        request = self.request
        return f"{request.path.rsplit('export/', 1)[0]}?{request.GET.urlencode()}"


class ContactCreateView(InReachMixin, ServiceFormMixin, FormView):
    """Record a contact with the organization in the URL."""

    form_class = ContactForm
    template_name = "network/contact_form.html"

    def get_object(self):
        return selectors.organization_for_contacts(
            user=self.request.user, pk=self.kwargs["pk"]
        )

    def get_initial(self):
        return {
            "date": timezone.localdate(),
            "category": services.contact_initial_category(organization=self.object),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(organization=self.object, **kwargs)

    def form_valid(self, form):
        contact = self.run_service(
            form,
            lambda: services.contact_create(
                actor=self.request.user,
                organization=self.object,
                data=form.cleaned_data,
            ),
        )
        if contact is None:
            return self.form_invalid(form)
        messages.success(self.request, _("The contact was recorded."))
        return redirect(contact.get_absolute_url())


class ContactMixin(InReachMixin):
    permission = "network.view_contacts"

    def get_object(self):
        return selectors.contact_get_for(
            user=self.request.user, pk=self.kwargs["pk"], perm=self.permission
        )


class ContactDetailView(ContactMixin, TemplateView):
    template_name = "network/contact_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            contact=self.object,
            can_change=user.has_perm("network.change_contact", self.object),
            can_complete=user.has_perm("network.complete_follow_up", self.object),
            **kwargs,
        )


class ContactEditView(ContactMixin, ServiceFormMixin, FormView):
    permission = "network.change_contact"
    form_class = ContactForm
    template_name = "network/contact_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "contact": self.object}

    def get_initial(self):
        return contact_initial(self.object)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            organization=self.object.organization, contact=self.object, **kwargs
        )

    def form_valid(self, form):
        contact = self.run_service(
            form,
            lambda: services.contact_update(
                actor=self.request.user, contact=self.object, data=form.cleaned_data
            ),
        )
        if contact is None:
            return self.form_invalid(form)
        messages.success(self.request, _("The changes were saved."))
        return redirect(contact.get_absolute_url())


class ContactFollowUpDoneView(ContactMixin, ServiceActionMixin, View):
    """Mark the follow-up done, or open again (``done=0``)."""

    permission = "network.complete_follow_up"

    def post(self, request, pk):
        done = request.POST.get("done", "1") != "0"
        ok, _contact = self.run_action(
            lambda: services.contact_follow_up_done(
                actor=request.user, contact=self.object, done=done
            )
        )
        if ok:
            messages.success(
                request,
                _("The follow-up is marked done.")
                if done
                else _("The follow-up is open again."),
            )
        return redirect(self.object.get_absolute_url())
