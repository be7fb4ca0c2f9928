"""Back up the database and the uploaded files into a new folder (deploy/backup.md).

    manage.py backup /var/backups/secon              # writes /var/backups/secon/secon-backup-<UTC time>/
    manage.py backup /var/backups/secon --name daily # writes /var/backups/secon/daily/

The folder holds database.dump (pg_dump, custom format), media.tar with every file of the storage,
media-manifest.json (name, size, SHA-256 of each file) and backup.json (what, when, counts, checksums);
secon_portal/backups/ does the work. The last line printed is the folder's path.
"""

import time

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.template.defaultfilters import filesizeformat

from secon_portal import backups


class Command(BaseCommand):
    help = "Back up the database (pg_dump) and the uploaded files into a new timestamped folder in DIR."

    def add_arguments(self, parser):
        parser.add_argument("dir", help="The folder that receives the backup's folder (created if missing).")
        parser.add_argument("--name", help="The backup folder's name instead of secon-backup-<UTC time>.")
        parser.add_argument(
            "--pg-bindir", help="The folder of the pg_dump to use (default: the oldest new enough for the server)."
        )
        parser.add_argument(
            "--timeout", type=int, default=backups.DEFAULT_TIMEOUT, help="Seconds pg_dump may take at most."
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        folder, info = backups.backup(
            options["dir"],
            default_storage,
            name=options["name"],
            bindir=options["pg_bindir"],
            timeout=options["timeout"],
        )
        counts = info["counts"]
        self.stdout.write(
            f"Backed up {counts['practices']} practices ({counts['practice_versions']} versions, "
            f"{counts['reviews']} reviews) and {counts['files']} files ({filesizeformat(counts['file_bytes'])}) "
            f"with pg_dump {info['database']['pg_dump_version']} in {time.monotonic() - started:.1f} s:"
        )
        self.stdout.write(str(folder))
