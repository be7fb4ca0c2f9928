import datetime

from django.core.management.base import BaseCommand

from practices.export_jobs import delete_old_exports
from practices.uploads import STAGED_UPLOAD_LIFETIME, clear_staged_uploads


class Command(BaseCommand):
    help = (
        "Delete files uploaded with practice forms that were never saved (staged uploads), "
        "with their rows, once they are older than a day; and the files of large Excel exports older than a day. "
        "Run it daily, e.g. from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours",
            type=int,
            default=int(STAGED_UPLOAD_LIFETIME.total_seconds() // 3600),
            help="Delete staged uploads older than this many hours (default: %(default)s).",
        )

    def handle(self, *args, hours, **options):
        deleted = clear_staged_uploads(older_than=datetime.timedelta(hours=hours))
        self.stdout.write(f"Deleted {deleted} staged upload(s) older than {hours} hours.")
        if exports := delete_old_exports():  # practices/export_jobs.py: a day old, whatever --hours says
            self.stdout.write(f"Deleted {exports} export file(s) older than a day.")
