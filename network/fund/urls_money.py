"""The fund's URLs: money (included by ``network.fund.urls``, namespace ``network``)."""

urlpatterns = []
