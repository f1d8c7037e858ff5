"""The registry's own pages: its front page, "my page", and the postal-code lookup
the address forms use."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count, Q
from django.shortcuts import render
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from wco_sse.core.errors import ServiceError

from .. import panels, selectors
from ..forms import AddressForm
from ..models import Organization, Person
from ..postal import lookup
from .base import PanelPageMixin


class IndexView(PermissionRequiredMixin, TemplateView):
    permission_required = "members.view_registry"
    template_name = "members/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["counts"] = Organization.objects.aggregate(
            wcos=Count("pk", filter=Q(kind=Organization.Kind.WCO)),
            regular=Count(
                "pk", filter=Q(membership_class=Organization.MembershipClass.REGULAR)
            ),
            supporting=Count(
                "pk", filter=Q(membership_class=Organization.MembershipClass.SUPPORTING)
            ),
            partners=Count("pk", filter=Q(kind=Organization.Kind.PARTNER)),
        )
        context["people_count"] = Person.objects.listed().count()
        context["conversions"] = selectors.conversion_count()
        return context


class MyPageView(PermissionRequiredMixin, PanelPageMixin, TemplateView):
    """The signed-in person's page: the panels every app adds about them, kept
    whole for them (``PanelPageMixin``)."""

    permission_required = "members.view_mypage"
    template_name = "members/mypage.html"
    panel_page = panels.MY_PAGE

    @cached_property
    def person(self):
        return selectors.person_for_user(self.request.user)

    def panel_object(self):
        return self.person

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            person=self.person, panels=self.rendered_panels(), **kwargs
        )


class PostalCodeLookupView(LoginRequiredMixin, View):
    """Fill the address fields of a form from its postal code (htmx)."""

    def get(self, request):
        try:
            address = lookup(request.GET.get("postal_code", ""))
        except ServiceError as error:
            form = AddressForm(initial=request.GET.dict())
            form.fields["postal_code"].widget.attrs.update(
                {"aria-invalid": "true", "aria-describedby": "postal-code-message"}
            )
            return render(
                request,
                "members/partials/address_fields.html",
                {"form": form, "postal_code_error": error.message},
            )
        initial = {
            "postal_code": address.postal_code,
            "prefecture": address.prefecture,
            "municipality": address.municipality.pk if address.municipality else None,
            "city_outside": "" if address.municipality else address.city,
            "address": address.town,
            "building": request.GET.get("building", ""),
        }
        return render(
            request,
            "members/partials/address_fields.html",
            {"form": AddressForm(initial=initial), "filled": address.text},
        )
