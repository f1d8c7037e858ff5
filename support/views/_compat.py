"""members' view helpers, wherever the registry keeps them.

The registry issue turns ``members/views.py`` into a package (``members/views/
registry.py``) in parallel with this section; importing through here keeps the
support section working on either layout.
"""

try:
    from members.views.registry import ServiceFormMixin
except ImportError:  # members/views.py as a single module
    from members.views import ServiceFormMixin

__all__ = ["ServiceFormMixin"]
