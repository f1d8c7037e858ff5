"""The registry's views, by area: registry pages, organizations, people, imports, dues,
printable lists."""
