"""Time and peak memory of exporting every published practice to CSV and to Excel (bench/README.md).

Runs against the bench database of bench/pages.py (`<DATABASE_URL name>_bench`, filled by it), with production
settings. Each format is exported in a fresh Python process, through Django's test client, reading the whole
streamed answer; the process's peak resident memory (ru_maxrss) is printed beside the memory of the same process
before the request, so the difference is what the export held at its peak.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/secon .venv/bin/python bench/exports.py
"""

import os
import resource
import subprocess
import sys
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
    from django.test import Client

    from practices.models import GoodPractice

    client = Client(HTTP_HOST="127.0.0.1")
    client.get("/api/v1/")  # the connection and the URL resolvers, as every worker has them before
    total = GoodPractice.objects.published().count()
    before = peak_mb()
    started = time.perf_counter()
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    size, first_byte = 0, None
    for piece in response.streaming_content:
        if first_byte is None:
            first_byte = time.perf_counter() - started
        size += len(piece)
    elapsed = time.perf_counter() - started
    cells = [f"`{path}`", f"{total:,}", f"{first_byte:.1f}", f"{elapsed:.1f}", f"{size / 1e6:.1f}"]
    print("| " + " | ".join([*cells, f"{before:.0f}", f"{peak_mb():.0f}"]) + " |")


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
    }
    print("| export | practices | first byte (s) | total (s) | size (MB) | memory before (MB) | peak memory (MB) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for path in PATHS.values():
        subprocess.run([sys.executable, __file__, "--one", path], env=environment, cwd=BASE_DIR, check=True)


if __name__ == "__main__":
    sys.path.insert(0, str(BASE_DIR))
    main()
