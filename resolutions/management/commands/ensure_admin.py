"""Create the first administrator, with a generated password printed once.

Does nothing when any superuser exists, so it is safe at every start.
"""

import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create an administrator with a random password if there is none yet."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument("--email", default="")

    def handle(self, *args, **options):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write("An administrator exists already; nothing to do.")
            return
        password = secrets.token_urlsafe(15)
        User.objects.create_superuser(options["username"], options["email"], password)
        self.stdout.write(
            "Created the administrator account. This password is shown only once:\n"
            f"  username: {options['username']}\n  password: {password}\n"
            "Change it at /admin/password_change/ after logging in."
        )
