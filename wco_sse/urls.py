from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from . import views

# The admin signs in through the same allauth door (rate limits, second factor).
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "W.Co SSE"

handler400 = "wco_sse.views.bad_request"
handler403 = "wco_sse.views.permission_denied"
handler404 = "wco_sse.views.page_not_found"
handler500 = "wco_sse.views.server_error"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("privacy/", views.PrivacyView.as_view(), name="privacy"),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("members/", include("members.urls")),
    path("secretariat/", include("secretariat.urls")),
    path("support/", include("support.urls")),
    path("network/", include("network.urls")),
    path("business/", include("business.urls")),
]

if settings.BENCH_INSECURE_LOOPBACK:
    from .bench import BareView

    urlpatterns += [path("bench/bare/", BareView.as_view(), name="bench_bare")]
