"""Before an account's first second factor: a code sent to its mailbox proves that
whoever sets it up reads the account's email, not only knows its password."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.generic import FormView

from wco_sse.core.views import ServiceActionMixin, ServiceFormMixin

from .. import services
from ..forms import MailboxCodeForm
from ..second_factor import has_second_factor, mailbox_proof_grant


class MailboxConfirmView(
    LoginRequiredMixin, ServiceActionMixin, ServiceFormMixin, FormView
):
    form_class = MailboxCodeForm
    template_name = "members/mailbox_confirm.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and has_second_factor(request.user):
            # Further second factors are added after signing in with one.
            return redirect("mfa_index")
        return super().dispatch(request, *args, **kwargs)

    def next_url(self):
        url = self.request.POST.get("next") or self.request.GET.get("next") or ""
        if url.startswith("/") and url_has_allowed_host_and_scheme(
            url, allowed_hosts={self.request.get_host()}
        ):
            return url
        return reverse("mfa_index")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            address=services.mailbox_address(self.request.user),
            next=self.next_url(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if "send" not in request.POST:
            return super().post(request, *args, **kwargs)
        done, address = self.run_action(
            lambda: services.mailbox_code_send(account=request.user, request=request)
        )
        if done:
            messages.success(
                request,
                _(
                    "We have sent a code to %(address)s. Please enter it below within "
                    "15 minutes."
                )
                % {"address": address},
            )
        return redirect(f"{request.path}?{urlencode({'next': self.next_url()})}")

    def form_valid(self, form):
        done = self.run_service(
            form,
            lambda: (
                services.mailbox_code_confirm(
                    account=self.request.user, code=form.cleaned_data["code"]
                )
                or True
            ),
        )
        if done is None:
            return self.form_invalid(form)
        mailbox_proof_grant(self.request)
        messages.success(
            self.request,
            _("Thank you. You can now set up your second factor."),
        )
        return redirect(self.next_url())
