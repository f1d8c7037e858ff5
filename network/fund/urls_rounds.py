"""The fund's URLs: rounds (included by ``network.fund.urls``, namespace ``network``)."""

urlpatterns = []
