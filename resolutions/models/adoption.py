"""How a text was adopted: each country's vote and the sponsors."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from resolutions.models.reference import Country
from resolutions.models.texts import Resolution


class VotePosition(models.TextChoices):
    IN_FAVOUR = "in_favour", _("In favour")
    AGAINST = "against", _("Against")
    ABSTAINING = "abstaining", _("Abstaining")


class CountryVote(models.Model):
    """How one country voted on a resolution adopted by a recorded vote."""

    resolution = models.ForeignKey(
        Resolution, on_delete=models.CASCADE, related_name="country_votes"
    )
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="votes")
    position = models.CharField(max_length=12, choices=VotePosition)

    class Meta:
        ordering = ["resolution", "position", "country__name"]
        verbose_name = _("country vote")
        verbose_name_plural = _("country votes")
        constraints = [
            models.UniqueConstraint(
                fields=["resolution", "country"], name="country_vote_unique_per_resolution"
            )
        ]

    def __str__(self):
        return f"{self.country} {self.get_position_display().lower()} {self.resolution}"


class SponsorKind(models.TextChoices):
    COUNTRY = "country", _("Country")
    GROUP = "group", _("Group")


class Sponsorship(models.Model):
    """A main sponsor of the draft, as the catalogue names it: a country, possibly on
    behalf of a group ("Finland (on behalf of the European Union)"), or a group."""

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="sponsors")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=SponsorKind, default=SponsorKind.COUNTRY)
    on_behalf_of = models.CharField(max_length=200, blank=True)
    position = models.PositiveIntegerField(default=1)
    # The State the name stands for, where it is one (parsing/countries.py).
    country = models.ForeignKey(
        Country, on_delete=models.SET_NULL, null=True, blank=True, related_name="sponsorships"
    )

    class Meta:
        ordering = ["resolution", "position"]
        verbose_name = _("sponsorship")
        verbose_name_plural = _("sponsorships")
        constraints = [
            models.UniqueConstraint(
                fields=["resolution", "position"], name="sponsorship_unique_position"
            )
        ]

    def __str__(self):
        return f"{self.name} (on behalf of {self.on_behalf_of})" if self.on_behalf_of else self.name
