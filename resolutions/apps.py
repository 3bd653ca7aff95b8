"""The resolutions app: resolutions, their paragraphs, citations and follow-up."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ResolutionsConfig(AppConfig):
    name = "resolutions"
    verbose_name = "Resolutions"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from rest_framework.authtoken.models import Token

        from resolutions import access, counts, tallies, text_tally
        from resolutions.followups import watching
        from resolutions.search import repair_sqlite_triggers
        from resolutions.web import saved

        post_migrate.connect(repair_sqlite_triggers, sender=self)
        post_migrate.connect(tallies.repair_sqlite_triggers, sender=self)
        post_migrate.connect(text_tally.repair_sqlite_triggers, sender=self)
        counts.connect(self)
        # What a watched saved search matches is read with the pages' filters.
        watching.read_saved_search(saved.matching)
        # DRF names a token by its key, and Django writes that name wherever it names an
        # object: the admin's log (read on /audit/), its titles and breadcrumbs, the list
        # of what deleting a user deletes. Naming it by a masked prefix covers them all.
        Token.__str__ = access.token_label
