"""The resolutions app: resolutions, their paragraphs, citations and follow-up."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ResolutionsConfig(AppConfig):
    name = "resolutions"
    verbose_name = "Resolutions"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import counts
        from .search import repair_sqlite_triggers

        post_migrate.connect(repair_sqlite_triggers, sender=self)
        counts.connect()
