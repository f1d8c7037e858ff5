"""Places (居場所・カフェ・子ども食堂・パントリー): the list, a site's page with its
monthly table and charts, recording and changing a site, its funders' conditions and
recorders, the session a recorder enters on a phone, the export of the monthly table,
and the public directory.

The section and the secretariat run sites; the board, the 監事 and the 常勤役員 read
them; a site's recorders enter its sessions and read its page; the representative of
the W.Co that runs it reads it. A site answers 404 to everyone else.
"""

import datetime
import re

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views import View
from django.views.generic import FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from members.views.base import InReachMixin
from wco_sse.core.errors import ServiceError
from wco_sse.core.exports import Column, export_response
from wco_sse.core.japan import format_fiscal_year
from wco_sse.core.selectors import get_visible_or_404
from wco_sse.core.validators import number_param
from wco_sse.core.views import (
    CachedPageMixin,
    ServiceActionMixin,
    ServiceFormMixin,
)

from ..forms_sites import (
    ConditionForm,
    RecorderForm,
    SessionForm,
    SessionTypeForm,
    SiteForm,
    condition_initial,
    session_initial,
    session_type_initial,
)
from ..models import Programme, Session, SessionType, Site
from ..selectors import sites as selectors
from ..services import sites as services

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _count_labels():
    return {
        "sessions": pgettext("site table", "Sessions"),
        "adults": _("Adults"),
        "children": _("Children"),
        "households": _("Households"),
        "meals": _("Meals"),
        "food_packages": _("Food packages"),
        "volunteers": _("Volunteers"),
        "volunteer_hours": _("Volunteer hours"),
    }


def _sheet_safe(text):
    return re.sub(r"[\[\]:*?/\\]", "・", str(text))[:31]


class SiteListView(PermissionRequiredMixin, TemplateView):
    permission_required = "business.view_site_list"
    template_name = "business/sites/site_list.html"

    def get_context_data(self, **kwargs):
        kind = self.request.GET.get("kind", "")
        kind = kind if kind in Site.Kind.values else ""
        programme_pk = number_param(self.request.GET.get("programme", ""))
        programme = (
            Programme.objects.filter(pk=programme_pk).first()
            if programme_pk is not None
            else None
        )
        page = Paginator(
            selectors.site_list(user=self.request.user, kind=kind, programme=programme),
            50,
        ).get_page(self.request.GET.get("page"))
        sites = list(page.object_list)
        for site in sites:
            site.weekdays = selectors.weekday_labels(site.opening_days)
        return super().get_context_data(
            page_obj=page,
            sites=sites,
            kinds=Site.Kind.choices,
            kind=kind,
            programme=programme,
            query="&".join(
                part
                for part in (
                    f"kind={kind}" if kind else "",
                    f"programme={programme.pk}" if programme else "",
                )
                if part
            ),
            can_manage=self.request.user.has_perm("business.manage_site"),
            can_manage_types=self.request.user.has_perm(
                "business.manage_session_types"
            ),
            **kwargs,
        )


class SiteCreateView(PermissionRequiredMixin, ServiceFormMixin, FormView):
    """A new site; ``?programme=<pk>`` puts it on that programme."""

    permission_required = "business.manage_site"
    form_class = SiteForm
    template_name = "business/sites/site_form.html"

    def get_initial(self):
        initial = {"active": True}
        raw = self.request.GET.get("programme", "")
        pk = number_param(raw)
        if pk is not None and Programme.objects.filter(pk=pk).exists():
            initial["programme"] = pk
        return initial

    def form_valid(self, form):
        site = self.run_service(
            form,
            lambda: services.site_create(
                actor=self.request.user, data=form.cleaned_data
            ),
        )
        if site is None:
            return self.form_invalid(form)
        messages.success(self.request, _("The site was recorded."))
        return redirect(site.get_absolute_url())


class SiteMixin(InReachMixin):
    permission = "business.view_site"

    def get_object(self):
        return selectors.site_get_for(
            user=self.request.user, pk=self.kwargs["pk"], perm=self.permission
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(site=self.object, **kwargs)


def _year(request, years):
    year = number_param(request.GET.get("year"))
    offered = {value for value, _label in years}
    return year if year in offered else years[0][0]


class SiteDetailView(CachedPageMixin, SiteMixin, TemplateView):
    template_name = "business/sites/site_detail.html"
    # Recorders and the operator (the registry), conditions' files.
    page_depends_on = ("business", "members", "core")

    def get_context_data(self, **kwargs):
        site = self.object
        user = self.request.user
        first_day = selectors.first_session_day(site)
        years = selectors.site_years(site, first_day=first_day)
        year = _year(self.request, years)
        conditions = selectors.site_conditions(site)
        selectors.attach_condition_files(conditions)
        table = selectors.monthly_table(
            site, year, conditions=conditions, first_day=first_day
        )
        labels = _count_labels()
        can_manage = user.has_perm("business.manage_site", site)
        return super().get_context_data(
            weekdays=selectors.weekday_labels(site.opening_days),
            conditions=conditions,
            recorders=selectors.site_recorders(site) if can_manage else None,
            sessions=selectors.recent_sessions(site),
            table=table,
            count_labels=[labels[name] for name in selectors.MONTH_COUNTS],
            chart=selectors.chart_data(table, labels),
            years=years,
            year=year,
            year_label=format_fiscal_year(year),
            can_manage=can_manage,
            can_record=user.has_perm("business.record_session", site),
            **kwargs,
        )


class SiteEditView(SiteMixin, ServiceFormMixin, FormView):
    permission = "business.manage_site"
    form_class = SiteForm
    template_name = "business/sites/site_form.html"

    def get_form_kwargs(self):
        # The form works on a copy: a refused save leaves the page's site as stored.
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = Site.objects.get(pk=self.object.pk)
        return kwargs

    def form_valid(self, form):
        site = self.run_service(
            form,
            lambda: services.site_update(
                actor=self.request.user, site=self.object, data=form.cleaned_data
            ),
        )
        if site is None:
            return self.form_invalid(form)
        messages.success(self.request, _("The changes were saved."))
        return redirect(site.get_absolute_url())


def _export_columns(labels):
    def month_label(row):
        return row.month.strftime("%Y-%m") if row.month else _("Total")

    columns = [Column(_("Month"), month_label)]
    for name in selectors.MONTH_COUNTS:
        columns.append(Column(labels[name], lambda row, name=name: getattr(row, name)))
    columns.append(Column(_("Missed conditions"), lambda row: " / ".join(row.flags)))
    return columns


class SiteExportView(SiteMixin, ServiceActionMixin, View):
    """The monthly table of a fiscal year as XLSX or CSV (logged)."""

    def get(self, request, pk):
        site = self.object
        first_day = selectors.first_session_day(site)
        year = _year(request, selectors.site_years(site, first_day=first_day))
        table = selectors.monthly_table(site, year, first_day=first_day)
        table.total.month = None
        file_format = request.GET.get("format", "xlsx")
        file_format = file_format if file_format in {"xlsx", "csv"} else "xlsx"
        done, response = self.run_action(
            lambda: export_response(
                actor=request.user,
                what=_sheet_safe(f"{site.name} {format_fiscal_year(year)}"),
                columns=_export_columns(_count_labels()),
                rows=[*table.months, table.total],
                file_format=file_format,
                filename=f"site-{site.pk}-{year}",
                filters=f"site={site.pk} year={year}",
                encoding=request.GET.get("encoding", "utf-8-sig"),
            )
        )
        return response if done else redirect(site.get_absolute_url())


# --- Funding conditions ---------------------------------------------------------------


class ConditionCreateView(SiteMixin, ServiceFormMixin, FormView):
    permission = "business.manage_site"
    form_class = ConditionForm
    template_name = "business/sites/condition_form.html"

    def form_valid(self, form):
        data = form.cleaned_data
        condition = self.run_service(
            form,
            lambda: services.condition_create(
                actor=self.request.user,
                site=self.object,
                data=data,
                uploaded=data.get("notice_file"),
            ),
        )
        if condition is None:
            return self.form_invalid(form)
        messages.success(self.request, _("The funding condition was added."))
        return redirect(self.object.get_absolute_url())


class ConditionMixin(InReachMixin):
    def get_object(self):
        return selectors.condition_get_for(
            user=self.request.user,
            site_pk=self.kwargs["pk"],
            pk=self.kwargs["condition_pk"],
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            site=self.object.site, condition=self.object, **kwargs
        )


class ConditionEditView(ConditionMixin, ServiceFormMixin, FormView):
    form_class = ConditionForm
    template_name = "business/sites/condition_form.html"

    def get_initial(self):
        return condition_initial(self.object)

    def form_valid(self, form):
        data = form.cleaned_data
        condition = self.run_service(
            form,
            lambda: services.condition_update(
                actor=self.request.user,
                condition=self.object,
                data=data,
                uploaded=data.get("notice_file"),
            ),
        )
        if condition is None:
            return self.form_invalid(form)
        messages.success(self.request, _("The funding condition was saved."))
        return redirect(self.object.site.get_absolute_url())


class ConditionDeleteView(ConditionMixin, ServiceActionMixin, View):
    def post(self, request, pk, condition_pk):
        done, _result = self.run_action(
            lambda: services.condition_delete(actor=request.user, condition=self.object)
        )
        if done:
            messages.success(request, _("The funding condition was removed."))
        return redirect(self.object.site.get_absolute_url())


# --- Recorders ------------------------------------------------------------------------


class RecorderAddView(SiteMixin, ServiceFormMixin, FormView):
    permission = "business.manage_site"
    form_class = RecorderForm
    template_name = "business/sites/recorder_form.html"

    def get_initial(self):
        return {"start": timezone.localdate()}

    def form_valid(self, form):
        data = form.cleaned_data
        recorder = self.run_service(
            form,
            lambda: services.recorder_add(
                actor=self.request.user,
                site=self.object,
                person=data["person"],
                start=data["start"],
                end=data.get("end"),
            ),
        )
        if recorder is None:
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(name)s now records this site's sessions.")
            % {"name": recorder.person.full_name},
        )
        return redirect(self.object.get_absolute_url())


class RecorderEndView(InReachMixin, ServiceActionMixin, View):
    def get_object(self):
        return selectors.recorder_get_for(
            user=self.request.user,
            site_pk=self.kwargs["pk"],
            pk=self.kwargs["recorder_pk"],
        )

    def post(self, request, pk, recorder_pk):
        done, _result = self.run_action(
            lambda: services.recorder_end(actor=request.user, recorder=self.object)
        )
        if done:
            messages.success(
                request,
                _("%(name)s no longer records this site.")
                % {"name": self.object.person.full_name},
            )
        return redirect(self.object.site.get_absolute_url())


# --- Sessions -------------------------------------------------------------------------


class _SessionFormMixin(ServiceFormMixin):
    template_name = "business/sites/session_form.html"
    form_class = SessionForm
    duplicate = None

    def add_service_error(self, form, error):
        if isinstance(error, services.DuplicateSession):
            self.duplicate = error.existing
        super().add_service_error(form, error)

    def get_context_data(self, **kwargs):
        return super().get_context_data(duplicate=self.duplicate, **kwargs)


class SessionCreateView(CachedPageMixin, SiteMixin, _SessionFormMixin, FormView):
    """A session of the site, in under a minute on a phone: the form offers the last
    session's type, times and counts; ``?date=`` names the day (today by default)."""

    permission = "business.record_session"
    page_depends_on = ("business",)

    def get_initial(self):
        today = timezone.localdate()
        day = today
        raw = self.request.GET.get("date", "")
        if _ISO_DAY.match(raw):
            try:
                asked = datetime.date.fromisoformat(raw)
            except ValueError:
                asked = None
            if asked is not None and asked <= today:
                day = asked
        return {**self.last_values(), "date": day}

    def last_values(self):
        if not hasattr(self, "_last_values"):
            self._last_values = services.last_session_values(self.object)
        return self._last_values

    def get_context_data(self, **kwargs):
        return super().get_context_data(offered=bool(self.last_values()), **kwargs)

    def form_valid(self, form):
        session = self.run_service(
            form,
            lambda: services.session_create(
                actor=self.request.user, site=self.object, data=form.cleaned_data
            ),
        )
        if session is None:
            return self.form_invalid(form)
        messages.success(self.request, _("The session was recorded."))
        return redirect(self.object.get_absolute_url())


class SessionEditView(InReachMixin, _SessionFormMixin, FormView):
    def get_object(self):
        return selectors.session_get_for(
            user=self.request.user,
            site_pk=self.kwargs["pk"],
            pk=self.kwargs["session_pk"],
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "current_type": self.object.type_id}

    def get_initial(self):
        return session_initial(self.object)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            site=self.object.site, session=self.object, **kwargs
        )

    def form_valid(self, form):
        try:
            services.session_update(
                actor=self.request.user,
                session=self.object,
                data=form.cleaned_data,
                version=form.cleaned_data.get("version"),
            )
        except services.SessionConflict as conflict:
            return self.conflict_response(conflict.current, conflict.message)
        except ServiceError as error:
            self.add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The session was saved."))
        return redirect(self.object.site.get_absolute_url())

    def conflict_response(self, current, message):
        """The recorder's entries kept, the form now based on what is stored: saving
        again replaces it with them."""
        current = Session.objects.select_related("type").get(pk=current.pk)
        data = self.request.POST.copy()
        data["version"] = current.version
        form = self.get_form_class()(data, current_type=self.object.type_id)
        form.is_valid()
        form.add_error(None, message)
        return self.render_to_response(
            self.get_context_data(form=form, conflict=current)
        )


# --- Session types --------------------------------------------------------------------


class SessionTypeListView(PermissionRequiredMixin, TemplateView):
    permission_required = "business.manage_session_types"
    template_name = "business/sites/session_type_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            session_types=selectors.session_type_list(), **kwargs
        )


class SessionTypeCreateView(PermissionRequiredMixin, ServiceFormMixin, FormView):
    permission_required = "business.manage_session_types"
    form_class = SessionTypeForm
    template_name = "business/sites/session_type_form.html"

    def form_valid(self, form):
        session_type = self.run_service(
            form,
            lambda: services.session_type_create(
                actor=self.request.user, data=form.cleaned_data
            ),
        )
        if session_type is None:
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The session type “%(type)s” was added.") % {"type": session_type},
        )
        return redirect("business:session_type_list")


class SessionTypeEditView(InReachMixin, ServiceFormMixin, FormView):
    """A type's page: those who keep the types; anyone else finds no such page."""

    form_class = SessionTypeForm
    template_name = "business/sites/session_type_form.html"

    def get_object(self):
        return get_visible_or_404(
            SessionType.objects.all(),
            user=self.request.user,
            perm="business.manage_session_types",
            pk=self.kwargs["pk"],
        )

    def resolve_object(self):
        self.session_type = self.object = self.get_object()

    def get_initial(self):
        return session_type_initial(self.session_type)

    def get_context_data(self, **kwargs):
        return super().get_context_data(session_type=self.session_type, **kwargs)

    def form_valid(self, form):
        session_type = self.run_service(
            form,
            lambda: services.session_type_update(
                actor=self.request.user,
                session_type=self.session_type,
                data=form.cleaned_data,
            ),
        )
        if session_type is None:
            return self.form_invalid(form)
        messages.success(self.request, _("The changes were saved."))
        return redirect("business:session_type_list")


# --- The public directory -------------------------------------------------------------


class SiteDirectoryView(PermissionRequiredMixin, TemplateView):
    """Open to anyone, no sign-in: the sites that consented to be listed, with their
    name, kind, area and opening days; never counts or people."""

    permission_required = "business.view_directory"
    template_name = "business/sites/directory.html"

    def get_context_data(self, **kwargs):
        sites = selectors.directory_sites()
        for site in sites:
            site.weekdays = selectors.weekday_labels(site.opening_days)
        return super().get_context_data(sites=sites, **kwargs)
