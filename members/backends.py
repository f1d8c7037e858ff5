import rules
from allauth.account.auth_backends import AuthenticationBackend


class AccountBackend(AuthenticationBackend):
    """allauth's email sign-in, without the superuser's blanket permissions.

    Django's ModelBackend answers True to every permission for a superuser. For the
    portal's own permissions (declared with django-rules) that would let a superuser
    read what DESIGN keeps from everyone outside the rules (confidential case notes),
    so those are left to the rules alone. Model permissions, which only the admin
    site uses, keep their usual meaning.
    """

    def has_perm(self, user_obj, perm, obj=None):
        if rules.perm_exists(perm):
            return False
        return super().has_perm(user_obj, perm, obj)
