"""Send the reminders due now: to each staff member who may record follow-up, a digest of
the requests assigned to them that come due or fall overdue, and to each watcher the news
of what they watch (followups/reminders.py).

    manage.py send_reminders             # what cron runs, say every hour
    manage.py send_reminders --dry-run   # who would hear of what, nothing sent

Run as often as you like: a digest goes out once per person and period, a request is told
of once for each due date, and a run stopped half-way is finished by the next.
"""

from smtplib import SMTPException

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from resolutions.followups import reminders


class Command(BaseCommand):
    help = "Send the reminder digests due now (idempotent: run it from cron)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="list the digests due, send nothing"
        )

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            now = timezone.now()
            for user in reminders.recipients():
                digest = reminders.digest_for(user, now)
                if digest is not None:
                    labels = ", ".join(
                        [f"{f.resolution.symbol} {f.label}" for f, _ in digest.notices]
                        + [f"new: {text.symbol}" for _, text in digest.news.texts]
                        + [f"event: {e.follow_up}" for _, e in digest.news.events]
                        + [f"proposal: {p.follow_up}" for _, p in digest.news.fulfilments]
                        + [f"carried forward: {c.earlier}" for _, c in digest.news.carried]
                    )
                    self.stdout.write(f"{user.email} ({digest.period}): {labels}")
            return
        try:
            sent = reminders.send_reminders()
        except (SMTPException, OSError) as error:
            raise CommandError(
                f"The mail server refused or did not answer ({error}); nothing was recorded "
                "for the digest it was sending. Check EMAIL_HOST and EMAIL_PORT, then run "
                "send_reminders again: what was sent is not sent twice."
            ) from error
        self.stdout.write(reminders.describe(sent))
