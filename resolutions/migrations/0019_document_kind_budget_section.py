"""A programme budget section ("A/80/6 (Sect. 24)") is a document kind of its own: until now
domain.document_kind read its symbol as a report's. The sections already stored are given
their kind."""

import re

from django.db import migrations, models

# domain._BUDGET_SECTION as it is written today, copied so that the migration keeps meaning
# what it meant.
BUDGET_SECTION = re.compile(r"^A/\d+/6 \(Sect\. \d+\)(/|$)")


def budget_sections_their_kind(apps, schema_editor):
    Document = apps.get_model("resolutions", "Document")
    candidates = Document.objects.filter(symbol__contains="(Sect.").only("symbol")
    wanted = [document.pk for document in candidates if BUDGET_SECTION.match(document.symbol)]
    Document.objects.filter(pk__in=wanted).update(kind="budget_section")


def budget_sections_reports_again(apps, schema_editor):
    Document = apps.get_model("resolutions", "Document")
    Document.objects.filter(kind="budget_section").update(kind="report")


class Migration(migrations.Migration):
    dependencies = [
        ("resolutions", "0018_fetch_requests"),
    ]

    operations = [
        migrations.AlterField(
            model_name="document",
            name="kind",
            field=models.CharField(
                choices=[
                    ("resolution", "Resolution"),
                    ("decision", "Decision"),
                    ("presidential_statement", "President's statement"),
                    ("report", "Report"),
                    ("budget_section", "Programme budget section"),
                    ("draft", "Draft"),
                    ("other", "Other"),
                ],
                default="other",
                max_length=25,
            ),
        ),
        migrations.RunPython(budget_sections_their_kind, budget_sections_reports_again),
    ]
