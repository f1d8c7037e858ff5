"""The fund's URLs: awards (included by ``network.fund.urls``, namespace ``network``)."""

urlpatterns = []
