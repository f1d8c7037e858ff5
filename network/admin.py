"""The network section in the admin: the fund's books, read-only
(``network.fund.admin_money``)."""

from .fund import admin_money  # noqa: F401  (registers the fund's read-only admins)
