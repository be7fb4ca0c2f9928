"""Restore a backup made by `manage.py backup` into an empty database and storage (deploy/backup.md).

    manage.py restore /var/backups/secon/secon-backup-20261130T020000Z
    manage.py restore FOLDER --database-url postgres://user@host:5432/other   # another database
    manage.py restore FOLDER --force      # drop what the database holds and replace differing files

Everything is checked before anything is written: the checksums of the backup's parts, the dump readable
by pg_restore, the database empty and no file of the backup in the storage with other content (unless
--force). Then pg_restore runs in one transaction and each file is written through the storage and
checked against its SHA-256 (secon_portal/backups/).
"""

import time

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.db import connection, connections

from secon_portal import backups


class Command(BaseCommand):
    help = "Restore a backup folder made by `manage.py backup` into an empty database and the media storage."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="The backup's folder (the one holding backup.json).")
        parser.add_argument(
            "--database-url",
            help="Restore into this database (postgres://user:password@host:port/name) instead of DATABASE_URL's.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Drop everything the database holds first, and replace files of the storage that differ.",
        )
        parser.add_argument("--pg-bindir", help="The folder of the pg_restore to use (default: the oldest new enough).")
        parser.add_argument(
            "--timeout", type=int, default=backups.DEFAULT_TIMEOUT, help="Seconds pg_restore may take at most."
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        if options["database_url"]:
            database = backups.Database.from_url(options["database_url"])
        else:
            database = backups.Database.from_settings(connection.settings_dict)
        into_default = options["database_url"] is None
        if into_default:
            connections.close_all()  # no open transaction of ours in the way of dropping or restoring
        restored = backups.restore(
            options["folder"],
            default_storage,
            database,
            force=options["force"],
            bindir=options["pg_bindir"],
            timeout=options["timeout"],
        )
        if into_default:
            cache.clear()  # cached pages and counts describe the data that was replaced
        for warning in restored.warnings:
            self.stderr.write(f"Warning: {warning}")
        counts = restored.backup.info["counts"]
        self.stdout.write(
            f"Restored the backup of {restored.backup.info['created']} into the database {database.name}: "
            f"{counts['practices']} practices, {counts['practice_versions']} versions, {counts['reviews']} reviews; "
            f"files: {restored.files_written} written, {restored.files_present} already there "
            f"({time.monotonic() - started:.1f} s). If this code is newer than the backup, run manage.py migrate."
        )
