"""Addressee entities: who a follow-up request asks to act (the Secretary-General, OHCHR,
each special procedure mandate, States, the body itself), as parsing/addressees.py reads
them from the texts. Rows are created as texts name them, on import; the slug is the name
normalised (parsing/entities.py), so that every way a text writes an entity is one row."""

from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from resolutions.parsing import entities
from resolutions.parsing.bodies import BODIES


def entity_label(name: str) -> str:
    """An entity's name as a page shows it: a body's name is an interface string, in the
    reader's language as the body filter gives it; any other is the texts' own name."""
    return gettext(name) if name in BODIES else name


class EntityKind(models.TextChoices):
    SECRETARIAT = entities.SECRETARIAT, _("Secretariat")
    SPECIAL_PROCEDURE = entities.SPECIAL_PROCEDURE, _("Special procedure")
    COMMISSION_OF_INQUIRY = entities.COMMISSION_OF_INQUIRY, _("Commission of inquiry")
    TREATY_BODY = entities.TREATY_BODY, _("Treaty body")
    AGENCY = entities.AGENCY, _("United Nations agency, fund or programme")
    ADVISORY_COMMITTEE = entities.ADVISORY_COMMITTEE, _("Advisory Committee")
    STATES = entities.STATES, _("States")
    BODY_ITSELF = entities.BODY_ITSELF, _("The body itself")
    OTHER = entities.OTHER, _("Other")


class AddresseeEntityQuerySet(models.QuerySet):
    def with_counts(self):
        """Each entity with how many current requests it has (`request_count`) and how
        many of them are still owed (`open_count`)."""
        from resolutions.models.followups import FollowUpStatus

        current = Q(follow_ups__superseded_at__isnull=True)
        return self.annotate(
            request_count=Count("follow_ups", filter=current),
            open_count=Count(
                "follow_ups",
                filter=current & Q(follow_ups__status__in=FollowUpStatus.open_values()),
            ),
        )


class AddresseeEntity(models.Model):
    """Someone a resolution asks to act: "Office of the United Nations High Commissioner
    for Human Rights (OHCHR)", "Special Rapporteur on the right to food", "States"."""

    name = models.CharField(max_length=300)
    # Unique (Meta), which is its index.
    slug = models.SlugField(
        max_length=120, db_index=False, help_text=_('What names it in URLs: "ohchr".')
    )
    kind = models.CharField(max_length=25, choices=EntityKind, default=EntityKind.OTHER)

    objects = AddresseeEntityQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("addressee entity")
        verbose_name_plural = _("addressee entities")
        constraints = [
            # The natural key: the importer finds an entity by its slug.
            models.UniqueConstraint(fields=["slug"], name="addressee_entity_unique_slug")
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("entity_detail", args=[self.slug])

    @property
    def label(self) -> str:
        return entity_label(self.name)
