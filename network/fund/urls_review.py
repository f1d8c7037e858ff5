"""The fund's URLs: review (included by ``network.fund.urls``, namespace ``network``)."""

urlpatterns = []
