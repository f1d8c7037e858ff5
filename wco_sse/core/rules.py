"""The platform's one permission: a file whose record is unknown is nobody's."""

import rules

rules.add_perm("core.nobody", rules.always_deny)
