"""Personal data end to end (DESIGN: data protection; issue 16).

- ``registry``: what each app declares about its models (``<app>/privacy.py``).
- ``engine``: a person's records through the declarations: export tables, the
  erasure's plan, its execution.
- ``journal``: the erasure journal and its file outside the database.
- ``requests``, ``exports``, ``erasure``, ``retention``: the services of the
  requests queue, the export ZIP, the erasure and the retention rules.
"""
