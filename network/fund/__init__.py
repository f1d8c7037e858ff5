"""The Social Solidarity Economy Fund (社会的連帯経済基金), run by the まちづくり会議 in
the network section: money in by source, programmes and their rounds, applications,
review without conflicts, the board's decision, awards to settlement, and a
double-entry ledger the database keeps balanced.

``models`` is imported by ``network.models``; the rest of the package follows the
app's layout (ledger, services_*, selectors, forms, views_*, demo).
"""
