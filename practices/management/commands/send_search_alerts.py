"""Send the digests of the e-mail alerts that are due, and delete the alerts left unconfirmed for a year.

Run once a day by a timer (systemd, cron): daily alerts get a digest at every run, weekly ones when seven days have
passed since their last (practices/alerts.py).
"""

from django.core.management.base import BaseCommand

from practices.alerts import DigestRun, purge_unconfirmed


class Command(BaseCommand):
    help = "Send the digests of the search alerts that are due; delete alerts left unconfirmed for a year."

    def handle(self, *args, **options):
        run = DigestRun()
        considered, queued = run.send_due()
        deleted = purge_unconfirmed(run.now)
        self.stdout.write(
            f"{considered} alerts due, {queued} digests queued, {deleted} unconfirmed alerts older than a year deleted."
        )
