"""Load the reference data and the demonstration resolution; safe to run again."""

from django.core.management.base import BaseCommand
from django.db import transaction

from resolutions.importing.records import ImportOrigin, checksum, system_user
from resolutions.importing.reference import DATA_DIR, load_reference_data
from resolutions.importing.texts import import_text
from resolutions.models import AgendaItem, Body, ImportChannel, Session
from resolutions.sources.documents import read_file

DEMO_FILES = ["A_HRC_RES_32_6.txt"]


class Command(BaseCommand):
    help = "Load the bodies, the HRC calendar and agenda, and resolution A/HRC/RES/32/6."

    @transaction.atomic
    def handle(self, *args, **options):
        load_reference_data(Body, Session, AgendaItem)
        self.stdout.write(
            f"Reference data: {Body.objects.count()} bodies, {Session.objects.count()} sessions, "
            f"{AgendaItem.objects.count()} agenda items."
        )
        for name in DEMO_FILES:
            path = DATA_DIR / name
            origin = ImportOrigin(
                channel=ImportChannel.DEMO,
                actor=system_user(),
                file_name=name,
                checksum=checksum(path.read_bytes()),
            )
            result = import_text(read_file(path).text, origin=origin)
            self.stdout.write(f"{result.resolution.symbol}: {result.outcome}.")
