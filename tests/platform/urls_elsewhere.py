"""A URL configuration of one page, for tests/platform/test_links.py."""

from django.http import HttpResponse
from django.urls import path

urlpatterns = [path("elsewhere/", lambda request: HttpResponse(), name="home")]
