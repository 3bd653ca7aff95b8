"""Write the whole database to one JSON file, for a move or a readable backup."""

from django.core.management.base import BaseCommand

from resolutions.importing.dumps import export_to


class Command(BaseCommand):
    help = "Export every resolution, follow-up, user and token to one JSON file."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Where to write; replaced only once fully written.")

    def handle(self, *args, **options):
        export_to(options["file"])
        self.stdout.write(f"Exported to {options['file']}.")
