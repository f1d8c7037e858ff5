from django.urls import include, path

from . import urls_contracts, urls_programmes, urls_reports, urls_sites, views

app_name = "business"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("", include(urls_programmes)),
    path("", include(urls_contracts)),
    path("", include(urls_reports)),
    path("", include(urls_sites)),
]
