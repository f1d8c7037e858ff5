"""The shape every governance view shares: sign-in; then, on a page with an id, the
object through a selector of the viewer's reach for that page (``get_object``: 404
alike for a missing object and one out of reach, before any other check); on a page
without one, the role's permission (403); then one service call, whose refusal
becomes a message at the form's field or at its top (or, with htmx, on the page)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.generic import FormView

from wco_sse.core.views import ServiceActionMixin, ServiceFormMixin


class GovernanceMixin(LoginRequiredMixin):
    # The permission of the page. Without an id it is checked here (403); a page with
    # an id passes it to its selector as the reach it needs (404).
    permission = None

    def get_object(self):
        """The object of a page with an id, through a ``*_get_for`` selector."""
        return None

    def get_permission(self):
        return self.permission

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.object = self.get_object()
        permission = self.get_permission()
        if self.object is None and permission and not request.user.has_perm(permission):
            raise PermissionDenied
        return super(LoginRequiredMixin, self).dispatch(request, *args, **kwargs)


class ActionView(GovernanceMixin, ServiceFormMixin, ServiceActionMixin, FormView):
    """GET shows the form (the no-JS path); POST runs the service. An htmx POST gets the
    fragment named by ``htmx_template`` back, with the messages out of band."""

    template_name = "secretariat/form_page.html"
    page_title = ""
    submit_label = ""
    htmx_template = None
    intro = ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            object=self.object,
            page_title=self.page_title,
            submit_label=self.submit_label,
            intro=self.intro,
            back_url=self.get_back_url(),
            **kwargs,
        )

    def get_back_url(self):
        return self.get_success_url()

    def perform(self, form):
        """Call the one service of the page."""
        raise NotImplementedError

    def success_message(self, result):
        return ""

    def form_valid(self, form):
        if self.request.htmx and self.htmx_template:
            done, result = self.run_action(lambda: self.perform(form))
            if done:
                self.flash(result)
            return self.render_htmx()
        result = self.run_service(form, lambda: self.perform(form))
        if form.errors:
            return self.form_invalid(form)
        self.flash(result)
        return redirect(self.get_success_url())

    def flash(self, result):
        message = self.success_message(result)
        if message:
            messages.success(self.request, message)

    def htmx_context(self):
        return {}

    def render_htmx(self):
        return render(
            self.request,
            self.htmx_template,
            {"oob": True, **self.htmx_context()},
        )
