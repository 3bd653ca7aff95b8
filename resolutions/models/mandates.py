"""The legislative mandates of the programme budget: the resolutions a budget section names
as mandating its programme's work (importing/mandates.py records them)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from resolutions.models.texts import Document


class LegislativeMandate(models.Model):
    """One text a budget section's "Legislative mandates" list names, under one part."""

    # The section, stored as a document: "A/80/6 (Sect. 24)".
    budget_section = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="budget_mandates"
    )
    # The text named, by its document, which links to the resolution once it is stored.
    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, related_name="legislative_mandates"
    )
    section_number = models.PositiveIntegerField(help_text=_("The budget section: 24."))
    section_title = models.CharField(max_length=300, blank=True, help_text=_('"Human rights".'))
    heading = models.CharField(
        max_length=300, blank=True, help_text=_('"General Assembly resolutions".')
    )
    # "" for the programme as a whole.
    subprogramme = models.CharField(max_length=300, blank=True)
    written = models.CharField(max_length=100, help_text=_('As the list writes it: "47/135".'))

    class Meta:
        ordering = ["budget_section", "section_number", "id"]
        verbose_name = _("legislative mandate")
        verbose_name_plural = _("legislative mandates")
        constraints = [
            # A re-import of the section finds its rows by these.
            models.UniqueConstraint(
                fields=["budget_section", "document", "subprogramme"],
                name="legislative_mandate_unique",
            )
        ]

    def __str__(self):
        return f"{self.document.symbol} in {self.budget_section.symbol}"
