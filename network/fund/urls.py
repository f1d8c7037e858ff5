"""The fund's URLs, under ``/network/fund/`` in the ``network`` namespace; each part of
the fund keeps its own list."""

from . import urls_awards, urls_money, urls_review, urls_rounds

urlpatterns = (
    urls_rounds.urlpatterns
    + urls_money.urlpatterns
    + urls_review.urlpatterns
    + urls_awards.urlpatterns
)
