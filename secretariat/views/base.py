"""The shape every governance view shares: sign-in, the object through a selector
(404 when it may not be seen), the permission on it (403), then one service call."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.views.generic import FormView

from wco_sse.core.errors import PermissionDenied as ServicePermissionDenied
from wco_sse.core.errors import ServiceError
from wco_sse.core.views import ServiceFormMixin


class GovernanceMixin(LoginRequiredMixin):
    permission = None  # checked against self.object (None for list pages)

    def get_object(self):
        return None

    def get_permission(self):
        return self.permission

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.object = self.get_object()
        permission = self.get_permission()
        if permission and not request.user.has_perm(permission, self.object):
            raise PermissionDenied
        return super(LoginRequiredMixin, self).dispatch(request, *args, **kwargs)


class ActionView(GovernanceMixin, ServiceFormMixin, FormView):
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
        raise NotImplementedError

    def success_message(self, result):
        return ""

    def form_valid(self, form):
        try:
            result = self.perform(form)
        except ServicePermissionDenied as error:
            if self.request.htmx:
                messages.error(self.request, error.message)
                return self.render_htmx()
            raise PermissionDenied(error.message) from error
        except ServiceError as error:
            if self.request.htmx and self.htmx_template:
                messages.error(self.request, error.message)
                return self.render_htmx()
            field = error.field if error.field in form.fields else None
            form.add_error(field, error.message)
            return self.form_invalid(form)
        message = self.success_message(result)
        if message:
            messages.success(self.request, message)
        if self.request.htmx and self.htmx_template:
            return self.render_htmx()
        return redirect(self.get_success_url())

    def htmx_context(self):
        return {}

    def render_htmx(self):
        from django.shortcuts import render

        return render(
            self.request,
            self.htmx_template,
            {"oob": True, **self.htmx_context()},
        )
