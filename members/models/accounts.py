import rules
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from wco_sse.core.tracking import TrackedQuerySet


class UserManager(BaseUserManager.from_queryset(TrackedQuerySet)):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An account needs an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A sign-in account. Optional: most people in the registry never sign in.

    Everything that matters (roles, affiliations, bookings) points to the Person the
    account belongs to, not to the account.
    """

    username = None
    email = models.EmailField(_("email address"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()
    # A sign-in saves last_login alone: no change anyone sees (core.tracking).
    quiet_fields = frozenset({"last_login"})

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        ordering = ["email"]

    def __str__(self):
        return self.email

    def has_perm(self, perm, obj=None):
        # Django lets an active superuser pass every check. The portal's own
        # permissions (django-rules) are decided by the rules alone, so a superuser
        # account is no way around them (DESIGN: confidential notes); the admin's
        # model permissions keep Django's meaning.
        if rules.perm_exists(perm):
            return self.is_active and rules.has_perm(perm, self, obj)
        return super().has_perm(perm, obj)
