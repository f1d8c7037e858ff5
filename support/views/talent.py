"""人材バンク: a person's own profile, the secretariat's entry for someone who phoned,
qualifications on a profile, the list of qualifications, the coordinators' search
and the aggregates everyone signed in may read."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from members.roles import roles_of
from wco_sse.core.errors import ServiceError
from wco_sse.core.exports import Column, export_response
from wco_sse.core.models import StoredFile
from wco_sse.core.selectors import get_visible_or_404
from wco_sse.core.throttle import Throttle, ThrottledFormMixin
from wco_sse.core.views import (
    CachedPageMixin,
    InReachMixin,
    ServiceActionMixin,
    ServiceFormMixin,
)

from ..forms_talent import (
    EnterTalentProfileForm,
    HeldQualificationForm,
    NewTalentProfileForm,
    QualificationForm,
    SkillFormSet,
    TalentProfileForm,
    TalentSearchForm,
    skills_of,
)
from ..models import HeldQualification, Qualification, TalentProfile
from ..models.talent import DAY_PARTS, WEEKDAYS, slot_code
from ..selectors import talent as selectors
from ..services import talent as services
from .common import export_format, sheet_safe

PROFILES_PER_PAGE = 50


def availability_grid(codes):
    """Rows of (weekday label, [(code, part label, chosen)]) for the grid."""
    chosen = set(codes or ())
    return [
        (
            day_label,
            [
                (slot_code(day, part), part_label, slot_code(day, part) in chosen)
                for part, part_label in DAY_PARTS
            ],
        )
        for day, day_label in WEEKDAYS
    ]


def evidence_files(user, profile):
    """{held pk: [StoredFile]} of the qualifications whose evidence ``user`` may see
    (the person and the secretariat): one query, or none for a coordinator."""
    helds = [
        held
        for held in profile.qualifications.all()
        if user.has_perm("support.view_qualification_evidence", held)
    ]
    if not helds:
        return {}
    files = StoredFile.objects.filter(
        attached_type=ContentType.objects.get_for_model(HeldQualification),
        attached_id__in=[str(held.pk) for held in helds],
    ).order_by("-uploaded_at")
    found: dict[int, list] = {}
    for stored in files:
        found.setdefault(int(stored.attached_id), []).append(stored)
    return found


def profile_context(user, profile):
    evidence = evidence_files(user, profile)
    for held in profile.qualifications.all():
        held.evidence = evidence.get(held.pk, [])
    return {
        "profile": profile,
        "grid": availability_grid(profile.availability_codes),
        "part_labels": [label for _part, label in DAY_PARTS],
        "is_own": profile.person_id == roles_of(user).person_id,
    }


# --- Profile forms (own, edit, secretariat's entry) -------------------------------------------


class ProfileFormMixin(ServiceFormMixin):
    """A profile's form with its skills' formset."""

    template_name = "support/talent/profile_form.html"
    initial_skills = ()

    @cached_property
    def skills(self):
        if self.request.method == "POST":
            return SkillFormSet(self.request.POST, prefix="skills")
        return SkillFormSet(initial=list(self.initial_skills), prefix="skills")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        codes = (
            form["availability"].value()
            if form.is_bound
            else form.initial.get("availability", ())
        )
        context.update(
            skills=self.skills,
            grid=availability_grid(codes),
            part_labels=[label for _part, label in DAY_PARTS],
        )
        return context

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form.is_valid() and self.skills.is_valid():
            return self.form_valid(form)
        return self.form_invalid(form)

    def add_service_error(self, form, error):
        if error.field == "skills":
            form.add_error(None, error.message)
            return
        super().add_service_error(form, error)


class TalentMyProfileView(
    LoginRequiredMixin,
    PermissionRequiredMixin,
    ThrottledFormMixin,
    ProfileFormMixin,
    FormView,
):
    """The person's own profile: the page with its actions, or, before there is one,
    the form to register with consent."""

    permission_required = "support.keep_own_talent_profile"
    form_class = NewTalentProfileForm
    throttle = Throttle("talent_profile", per_account=10, per_address=50)

    @cached_property
    def profile(self):
        return selectors.talent_profile_of(user=self.request.user)

    def get(self, request, *args, **kwargs):
        if self.profile is not None:
            return self.render_to_response(
                {
                    **profile_context(request.user, self.profile),
                    "view": self,
                    "is_own": True,
                }
            )
        return super().get(request, *args, **kwargs)

    def get_template_names(self):
        if self.profile is not None:
            return ["support/talent/profile_detail.html"]
        return [self.template_name]

    def post(self, request, *args, **kwargs):
        if self.profile is not None:
            return redirect("support:talent_profile_edit", self.profile.pk)
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(creating=True, **kwargs)

    def form_valid(self, form):
        if self.throttled(form):
            return self.form_invalid(form)
        profile = self.run_service(
            form,
            lambda: services.talent_profile_create(
                actor=self.request.user,
                data=form.profile_data(skills_of(self.skills)),
                consent=form.cleaned_data["consent"],
            ),
        )
        if profile is None:
            return self.form_invalid(form)
        messages.success(self.request, _("Your talent bank profile was registered."))
        return redirect("support:talent_my_profile")


class TalentProfileEnterView(PermissionRequiredMixin, ProfileFormMixin, FormView):
    """The secretariat enters a profile for someone who phoned or wrote."""

    permission_required = "support.enter_talent_profile"
    form_class = EnterTalentProfileForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(entering=True, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        profile = self.run_service(
            form,
            lambda: services.talent_profile_enter(
                actor=self.request.user,
                person=data["person"],
                data=form.profile_data(skills_of(self.skills)),
                consent_method=data["consent_method"],
                consent_at=data["consent_at"],
                consent=data["consent"],
            ),
        )
        if profile is None:
            return self.form_invalid(form)
        messages.success(self.request, _("The profile was entered."))
        return redirect("support:talent_profile_detail", profile.pk)


class ProfileInReach(LoginRequiredMixin, InReachMixin):
    perm = "support.view_talent_profile"

    def get_object(self):
        return selectors.talent_profile_get_for(
            user=self.request.user, pk=self.kwargs["pk"], perm=self.perm
        )


class TalentProfileEditView(ProfileInReach, ProfileFormMixin, FormView):
    perm = "support.edit_talent_profile"
    form_class = TalentProfileForm

    def resolve_object(self):
        super().resolve_object()
        if self.object.state == TalentProfile.State.WITHDRAWN:
            raise Http404

    @property
    def initial_skills(self):
        return [{"name": s.name, "years": s.years} for s in self.object.skills.all()]

    def get_initial(self):
        profile = self.object
        return {
            "consent_scope": profile.consent_scope,
            "areas": [str(area.pk) for area in profile.areas.all()],
            "availability": profile.availability_codes,
            "hours_per_week": profile.hours_per_week,
            "preferred_industries": list(profile.preferred_industries.all()),
            "introduction": profile.introduction,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(profile=self.object, **kwargs)

    def form_valid(self, form):
        done = self.run_service(
            form,
            lambda: services.talent_profile_update(
                actor=self.request.user,
                profile=self.object,
                data=form.profile_data(skills_of(self.skills)),
            ),
        )
        if done is None:
            return self.form_invalid(form)
        messages.success(self.request, _("The profile was saved."))
        return redirect(_profile_page(self.request.user, self.object))


def _profile_page(user, profile):
    if roles_of(user).person_id == profile.person_id:
        return "support:talent_my_profile"
    return profile.get_absolute_url()


class ProfileActionView(ProfileInReach, ServiceActionMixin, View):
    perm = "support.edit_talent_profile"
    service = None
    done_message = ""

    def post(self, request, pk):
        done, _result = self.run_action(
            lambda: type(self).service(actor=request.user, profile=self.object)
        )
        if done:
            messages.success(request, self.done_message)
        return redirect(_profile_page(request.user, self.object))


class TalentProfileRenewView(ProfileActionView):
    service = services.talent_consent_renew
    done_message = _("Thank you. Your consent is renewed.")


class TalentProfileConfirmView(ProfileActionView):
    service = services.talent_profile_confirm
    done_message = _("Thank you for confirming. The profile is active.")


class TalentProfileWithdrawView(ProfileInReach, ServiceActionMixin, TemplateView):
    """Withdraw from the talent bank (a page to confirm it first)."""

    perm = "support.edit_talent_profile"
    template_name = "support/talent/profile_withdraw.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(profile=self.object, **kwargs)

    def post(self, request, pk):
        done, _result = self.run_action(
            lambda: services.talent_profile_withdraw(
                actor=request.user, profile=self.object
            )
        )
        if done:
            messages.success(request, _("The profile was withdrawn."))
        return redirect(_profile_page(request.user, self.object))


# --- Coordinators' pages -------------------------------------------------------------------


class TalentProfileListView(PermissionRequiredMixin, TemplateView):
    permission_required = "support.view_talent_profiles"
    template_name = "support/talent/profile_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = TalentSearchForm(self.request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        profiles = selectors.talent_profiles_search(
            text=filters.get("q", ""),
            qualification=filters.get("qualification"),
            area=filters.get("area"),
            state=filters.get("state", ""),
        )
        page = Paginator(profiles, PROFILES_PER_PAGE).get_page(
            self.request.GET.get("page")
        )
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            form=form,
            page_obj=page,
            profiles=page.object_list,
            is_paginated=page.has_other_pages(),
            query=query.urlencode(),
        )
        return context


class TalentProfileDetailView(CachedPageMixin, ProfileInReach, TemplateView):
    template_name = "support/talent/profile_detail.html"
    # The profile, its skills and qualifications, the person and the industries
    # (the registry), the evidence files.
    page_depends_on = (
        "support.talentprofile",
        "support.talentskill",
        "support.heldqualification",
        "support.qualification",
        "members",
        "core",
    )

    def get_object(self):
        # What the page shows of the profile is read only if the page is rendered
        # (not served kept): get_context_data.
        return selectors.talent_profile_get_for(
            user=self.request.user, pk=self.kwargs["pk"], perm=self.perm, details=False
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        selectors.talent_profile_with_details(self.object)
        context.update(profile_context(self.request.user, self.object))
        return context


# --- Qualifications on a profile -------------------------------------------------------------


class HeldQualificationFormMixin(ServiceFormMixin):
    form_class = HeldQualificationForm
    template_name = "support/talent/qualification_form.html"

    def service_args(self, form):
        data = form.cleaned_data
        return {
            "qualification": data["qualification"],
            "state": data["state"],
            "number": data["number"],
            "obtained_on": data["obtained_on"],
            "expires_on": data["expires_on"],
            "evidence": data["evidence"],
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(profile=self.profile, **kwargs)


class TalentQualificationAddView(ProfileInReach, HeldQualificationFormMixin, FormView):
    perm = "support.edit_talent_profile"

    @property
    def profile(self):
        return self.object

    def form_valid(self, form):
        held = self.run_service(
            form,
            lambda: services.held_qualification_add(
                actor=self.request.user, profile=self.object, **self.service_args(form)
            ),
        )
        if held is None:
            return self.form_invalid(form)
        messages.success(self.request, _("The qualification was added."))
        return redirect(_profile_page(self.request.user, self.object))


class HeldInReach(LoginRequiredMixin, InReachMixin):
    perm = "support.edit_held_qualification"

    def get_object(self):
        return selectors.held_qualification_get_for(
            user=self.request.user, pk=self.kwargs["pk"], perm=self.perm
        )

    @property
    def profile(self):
        return self.object.profile


class TalentQualificationEditView(HeldInReach, HeldQualificationFormMixin, FormView):
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "current": self.object.qualification}

    def get_initial(self):
        held = self.object
        return {
            "qualification": held.qualification,
            "state": held.state,
            "number": held.number,
            "obtained_on": held.obtained_on,
            "expires_on": held.expires_on,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(held=self.object, **kwargs)

    def form_valid(self, form):
        held = self.run_service(
            form,
            lambda: services.held_qualification_update(
                actor=self.request.user, held=self.object, **self.service_args(form)
            ),
        )
        if held is None:
            return self.form_invalid(form)
        messages.success(self.request, _("The qualification was saved."))
        return redirect(_profile_page(self.request.user, self.profile))


class TalentQualificationDeleteView(HeldInReach, ServiceActionMixin, TemplateView):
    template_name = "support/talent/qualification_delete.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(held=self.object, **kwargs)

    def post(self, request, pk):
        done, _result = self.run_action(
            lambda: services.held_qualification_delete(
                actor=request.user, held=self.object
            )
        )
        if done:
            messages.success(request, _("The qualification was removed."))
        return redirect(_profile_page(request.user, self.profile))


class TalentQualificationVerifyView(HeldInReach, ServiceActionMixin, View):
    perm = "support.verify_qualification"

    def post(self, request, pk):
        done, _result = self.run_action(
            lambda: services.held_qualification_verify(
                actor=request.user, held=self.object
            )
        )
        if done:
            messages.success(request, _("The qualification was marked as verified."))
        return redirect(self.profile.get_absolute_url())


# --- The list of qualifications --------------------------------------------------------------


class TalentQualificationListView(PermissionRequiredMixin, ServiceFormMixin, FormView):
    permission_required = "support.manage_qualification_list"
    template_name = "support/talent/qualification_list.html"
    form_class = QualificationForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            qualifications=Qualification.objects.all(), **kwargs
        )

    def form_valid(self, form):
        done = self.run_service(
            form,
            lambda: services.qualification_save(
                actor=self.request.user, **form.cleaned_data
            ),
        )
        if done is None:
            return self.form_invalid(form)
        messages.success(self.request, _("The qualification was added to the list."))
        return redirect("support:talent_qualification_list")


class TalentQualificationListEditView(
    LoginRequiredMixin, InReachMixin, ServiceFormMixin, FormView
):
    template_name = "support/talent/qualification_list_edit.html"
    form_class = QualificationForm

    def get_object(self):
        return get_visible_or_404(
            Qualification.objects.all(),
            user=self.request.user,
            perm="support.manage_qualification_list",
            pk=self.kwargs["pk"],
        )

    def get_initial(self):
        q = self.object
        return {
            "name": q.name,
            "expires": q.expires,
            "order": q.order,
            "is_active": q.is_active,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(qualification=self.object, **kwargs)

    def form_valid(self, form):
        done = self.run_service(
            form,
            lambda: services.qualification_save(
                actor=self.request.user,
                qualification=self.object,
                **form.cleaned_data,
            ),
        )
        if done is None:
            return self.form_invalid(form)
        messages.success(self.request, _("The qualification was saved."))
        return redirect("support:talent_qualification_list")


# --- Aggregates -----------------------------------------------------------------------------


class TalentAggregatesView(PermissionRequiredMixin, TemplateView):
    permission_required = "support.view_talent_aggregates"
    template_name = "support/talent/aggregates.html"

    def get_context_data(self, **kwargs):
        columns, rows = selectors.talent_aggregates()
        return super().get_context_data(
            columns=columns, rows=rows, small=selectors.SMALL_CELL, **kwargs
        )


class TalentAggregatesExportView(PermissionRequiredMixin, View):
    permission_required = "support.export_talent_aggregates"

    def get(self, request):
        columns, rows = selectors.talent_aggregates()
        hidden = "—"
        sheet = [Column(_("Qualification"), lambda row: row[0].name)]
        for index, city in enumerate(columns):
            sheet.append(
                Column(
                    city.name,
                    lambda row, i=index: hidden if row[1][i] is None else row[1][i],
                )
            )
        try:
            return export_response(
                actor=request.user,
                what=sheet_safe(_("Talent bank: qualifications by area")),
                columns=sheet,
                rows=rows,
                file_format=export_format(request),
                filename="talent_aggregates",
                personal_data=False,
            )
        except ServiceError as error:
            messages.error(request, error.message)
            return redirect("support:talent_aggregates")
