"""Take back what earlier versions showed that they should not have.

- The admin's log named an API token by its key (DRF's `Token.__str__`), and /audit/
  showed it to every staff member: the entries are renamed by a masked prefix.
- The evidence of an internal event became the request's public "Fulfilled by", and was
  proposed in public for the resolution's other requests: both are withdrawn, the event
  itself (and its evidence, for staff who record follow-up) kept as it is.

Neither can be undone: a key cannot be read back from its prefix, and the tracker no longer
makes an internal event's evidence public.
"""

from django.db import migrations
from django.db.models import Exists, OuterRef

# As resolutions/privacy.py masks a key; a migration keeps its own copy of what it runs.
KEY_PREFIX_LENGTH = 4
MASK = "…"
TOKEN_MODELS = ["token", "tokenproxy"]
SAME_REPORT_REASON = "Recorded as evidence for "


def masked_key(key: str) -> str:
    if key.endswith(MASK):
        return key
    return key[:KEY_PREFIX_LENGTH] + MASK


def mask_token_log_entries(apps, schema_editor):
    LogEntry = apps.get_model("admin", "LogEntry")
    entries = LogEntry.objects.filter(
        content_type__app_label="authtoken", content_type__model__in=TOKEN_MODELS
    ).select_related("content_type")
    for entry in entries.iterator():
        entry.object_repr = masked_key(entry.object_repr)
        # The concrete token's primary key is its key: the entry named it there too.
        if entry.content_type.model == "token":
            entry.object_id = masked_key(entry.object_id or "")
        entry.save(update_fields=["object_repr", "object_id"])


def keep_internal_evidence_internal(apps, schema_editor):
    FollowUp = apps.get_model("resolutions", "FollowUp")
    FollowUpEvent = apps.get_model("resolutions", "FollowUpEvent")
    FulfilmentProposal = apps.get_model("resolutions", "FulfilmentProposal")

    own_evidence = FollowUpEvent.objects.filter(
        follow_up=OuterRef("pk"), evidence=OuterRef("fulfilled_by")
    )
    FollowUp.objects.filter(
        Exists(own_evidence.filter(is_public=False)),
        ~Exists(own_evidence.filter(is_public=True)),
    ).update(fulfilled_by=None)

    in_the_resolution = FollowUpEvent.objects.filter(
        follow_up__resolution=OuterRef("follow_up__resolution"), evidence=OuterRef("document")
    )
    FulfilmentProposal.objects.filter(
        Exists(in_the_resolution.filter(is_public=False)),
        ~Exists(in_the_resolution.filter(is_public=True)),
        reason__startswith=SAME_REPORT_REASON,
    ).exclude(status="accepted").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("resolutions", "0012_history"),
    ]

    operations = [
        migrations.RunPython(mask_token_log_entries, migrations.RunPython.noop),
        migrations.RunPython(keep_internal_evidence_internal, migrations.RunPython.noop),
    ]
