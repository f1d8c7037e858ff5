"""Demo data and one account per role (DESIGN's contract). Safe to run again.

Each app contributes through a ``demo`` module with ``seed(ctx)``, called in
INSTALLED_APPS order, so members knows nothing of the apps that build on it; an
optional ``seed_late(ctx)`` runs once every app has seeded.
"""

import importlib
import os
import time

from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction

from members.demo import SeedContext
from wco_sse.core.signals import data_reloaded
from wco_sse.core.transactions import composing

DEFAULT_PASSWORD = "wco-demo-2026"  # noqa: S105  (demo accounts only)


class Command(BaseCommand):
    help = "Load demo data with one sign-in account per role (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            default=os.environ.get("WCO_DEMO_PASSWORD", DEFAULT_PASSWORD),
            help="Password of every demo account.",
        )
        parser.add_argument(
            "--scale",
            type=int,
            default=0,
            help="Add bulk data for load tests: N × (25 organizations, 500 people, …).",
        )

    def handle(self, *args, password, scale, **options):
        started = time.monotonic()
        # One hash for every demo account: hashing thousands of passwords would take minutes.
        ctx = SeedContext(
            password_hash=make_password(password), scale=scale, out=self.stdout
        )
        modules = []
        for config in apps.get_app_configs():
            if config.name not in settings.WCO_PORTAL_APPS:
                continue
            try:
                modules.append(importlib.import_module(f"{config.name}.demo"))
            except ModuleNotFoundError as error:
                if error.name == f"{config.name}.demo":
                    continue
                raise
        # Each app's data all or nothing; its services compose inside. Then each
        # app's ``seed_late`` (data about the others' records: personal-data
        # requests, a retention run), in the same order.
        for hook in ("seed", "seed_late"):
            for module in modules:
                if hasattr(module, hook):
                    with transaction.atomic(), composing():
                        getattr(module, hook)(ctx)
        # Cached role snapshots and fragments start over.
        data_reloaded.send(sender=self.__class__)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready in {time.monotonic() - started:.1f}s. "
                f"Demo accounts (password: {password}): "
                + ", ".join(sorted(ctx.accounts))
            )
        )
