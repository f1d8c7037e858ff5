"""Notices (お知らせ): the secretariat writes and publishes; each reads those for them."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView, TemplateView

from .. import selectors, services
from ..forms import ConfirmForm, NoticeForm
from ..models import Notice
from .base import ActionView, GovernanceMixin


class NoticeListView(GovernanceMixin, ListView):
    permission = "secretariat.view_notices"
    template_name = "secretariat/notice_list.html"
    context_object_name = "notices"
    paginate_by = 30

    def get_queryset(self):
        return selectors.notices_for(user=self.request.user)


class NoticeDetailView(GovernanceMixin, TemplateView):
    template_name = "secretariat/notice_detail.html"

    def get_object(self):
        return selectors.notice_get_for(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(notice=self.object, **kwargs)


class NoticeEditView(ActionView):
    permission = "secretariat.manage_notices"
    form_class = NoticeForm
    page_title = _("Notice")

    def get_object(self):
        if "pk" not in self.kwargs:
            return None
        return selectors.notice_get_for(
            user=self.request.user, pk=self.kwargs["pk"], perms=(self.permission,)
        )

    def get_initial(self):
        if self.object is None:
            return {"send_email": True}
        return {
            name: getattr(
                self.object, "target_body_id" if name == "target_body" else name
            )
            for name in Notice.FORM_FIELDS
        }

    def perform(self, form):
        self.object = services.notice_save(
            actor=self.request.user, notice=self.object, **form.cleaned_data
        )
        return self.object

    def success_message(self, result):
        return _("The notice was saved. Publish it when it is ready.")

    def get_success_url(self):
        if self.object:
            return reverse("secretariat:notice_detail", args=[self.object.pk])
        return reverse("secretariat:notice_list")


class NoticePublishView(ActionView):
    permission = "secretariat.manage_notices"
    form_class = ConfirmForm
    page_title = _("Publish the notice")

    def get_object(self):
        return selectors.notice_get_for(
            user=self.request.user, pk=self.kwargs["pk"], perms=(self.permission,)
        )

    def perform(self, form):
        return services.notice_publish(actor=self.request.user, notice=self.object)

    def success_message(self, result):
        return _("The notice was published.")

    def get_success_url(self):
        return reverse("secretariat:notice_detail", args=[self.object.pk])
