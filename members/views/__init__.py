"""The registry's views, by area (registry pages, imports, dues, printable lists)."""
