"""Time and peak memory of exporting every published practice to CSV and to Excel (bench/README.md).

Runs against the bench database of bench/pages.py (`<DATABASE_URL name>_bench`, filled by it), with production
settings. Each format is exported in a fresh Python process, through Django's test client; the process's peak
resident memory (ru_maxrss) is printed beside the memory of the same process before the request, so the difference
is what the export held at its peak.

- CSV streams from the request: the first answer is its first byte, complete is its last.
- Excel of more than practices.exports.LARGE_EXPORT practices is written by the worker (practices/export_jobs.py):
  the first answer is the request's 202 ("being prepared"); complete is when the job, run here in the same process
  as the worker would run it, has written the file; then the same address must answer 302 to it.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/secon .venv/bin/python bench/exports.py
"""

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PATHS = {"CSV": "/practices/export.csv", "XLSX": "/practices/export.xlsx"}


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def export(path):
    """Runs in its own process: one export, printed as a table row."""
    import django

    django.setup()
    from django.core.files.storage import default_storage
    from django.test import Client

    from practices.models import GoodPractice
    from tests.tasks import run_queued_tasks

    client = Client(HTTP_HOST="127.0.0.1")
    client.get("/api/v1/")  # the connection and the URL resolvers, as every worker has them before
    total = GoodPractice.objects.published().count()
    before = peak_mb()
    started = time.perf_counter()
    response = client.get(path)
    if response.status_code == 202:  # written by the worker
        first_answer = time.perf_counter() - started
        run_queued_tasks()  # as `manage.py db_worker` would
        elapsed = time.perf_counter() - started
        ready = client.get(path)
        assert ready.status_code == 302, ready.status_code
        name = ready["Location"].removeprefix("/" + settings_media_url())
        size = default_storage.size(name)
        default_storage.delete(name)
        label = f"`{path}` (worker)"
    else:
        assert response.status_code == 200, response.status_code
        size, first_answer = 0, None
        for piece in response.streaming_content:
            if first_answer is None:
                first_answer = time.perf_counter() - started
            size += len(piece)
        elapsed = time.perf_counter() - started
        label = f"`{path}`"
    cells = [label, f"{total:,}", f"{first_answer:.1f}", f"{elapsed:.1f}", f"{size / 1e6:.1f}"]
    print("| " + " | ".join([*cells, f"{before:.0f}", f"{peak_mb():.0f}"]) + " |")


def settings_media_url():
    from django.conf import settings

    return settings.MEDIA_URL.lstrip("/")


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        export(sys.argv[2])
        return
    from bench.pages import bench_database_url

    environment = {
        **os.environ,
        "DATABASE_URL": bench_database_url(),
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "false",
        "PAGE_CACHE_SECONDS": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-" + "x" * 60),
        "ALLOWED_HOSTS": "127.0.0.1",
        "EMAIL_HOST": "localhost",
        "PORTAL_URL": "http://127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "PYTHONPATH": str(BASE_DIR),
        "STATIC_ROOT": tempfile.mkdtemp(prefix="secon-bench-static-"),
    }
    # The manifest that DEBUG=false needs: the "being prepared" page is a page of the portal.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        env=environment,
        cwd=BASE_DIR,
        check=True,
    )
    header = ["export", "practices", "first answer (s)", "complete (s)", "size (MB)"]
    header += ["memory before (MB)", "peak memory (MB)"]
    print("| " + " | ".join(header) + " |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for path in PATHS.values():
        subprocess.run([sys.executable, __file__, "--one", path], env=environment, cwd=BASE_DIR, check=True)


if __name__ == "__main__":
    sys.path.insert(0, str(BASE_DIR))
    main()
