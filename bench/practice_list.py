"""Server time of the public practice list at 10,000 and 100,000 practices. See bench/README.md.

Runs in its own database (`<DATABASE_URL name>_bench` on the same server), never in the
portal's: it creates it, loads the reference data and the synthetic practices, then requests
each shape of the practice list through Django's test client (the whole request in the server
process: middleware, view, queries, template) and reports the median and 95th percentile.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent

# name -> query string of the practice list
SHAPES = {
    "no filter": "",
    "one facet (theme)": "theme=access",
    "one facet (country)": "country=ES",
    "three facets": "theme=access&country=ES&rural=yes",
    "text query": "q=cooperativa",
    "text query + three facets": "q=cooperativa&theme=access&country=ES&rural=yes",
    "page 50": "page=50",
}


def bench_database_url():
    url = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(url._replace(path=url.path.rstrip("/") + "_bench"))


def manage(*args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, check=True)


def prepare(size):
    """The bench database with the reference data and (at least) `size` synthetic practices."""
    from django.db import connection

    from practices.models import GoodPractice

    manage("migrate", "--no-input", "--verbosity", "0")
    manage("load_reference_data")
    have = GoodPractice.objects.count()
    if have < size:
        manage("seed_demo", "--force", "--practices", str(size - have))
    # Measure the steady state, not the maintenance that follows a bulk import: vacuum and
    # analyse everything now and write the dirty pages out, instead of autovacuum and the
    # checkpointer doing it in the middle of the measurements.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
        cursor.execute("CHECKPOINT")
    connection.close()


def result_count(query):
    from django.http import QueryDict

    from practices.filters import PracticeFilterSet
    from practices.models import GoodPractice

    filterset = PracticeFilterSet(QueryDict(query), queryset=GoodPractice.objects.published())
    return filterset.results().counts.total


def measure(runs):
    from django.test import Client

    from practices.models import GoodPractice

    client = Client(HTTP_HOST="127.0.0.1")
    rows = []
    for name, query in SHAPES.items():
        url = "/practices/" + (f"?{query}" if query else "")
        for _ in range(3):  # warm up: connections, caches, plans
            assert client.get(url).status_code == 200, url
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        total = result_count(query)
        p95 = statistics.quantiles(timings, n=20)[-1]
        rows.append((name, query, total, statistics.median(timings), p95))
    return GoodPractice.objects.count(), rows


def create_database(url):
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    import psycopg2

    connection = psycopg2.connect(admin_url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=40, help="requests per shape (default 40)")
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = bench_database_url()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "secon_portal.settings")
    os.environ["DEBUG"] = "false"  # production settings: no debug toolbar of queries, cached templates
    os.environ.setdefault("SECRET_KEY", "bench-" + "x" * 60)
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
    os.environ.setdefault("EMAIL_HOST", "localhost")
    os.environ.setdefault("PORTAL_URL", "http://127.0.0.1")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    os.environ["STATIC_ROOT"] = tempfile.mkdtemp(prefix="secon-bench-static-")
    sys.path.insert(0, str(BASE_DIR))
    create_database(os.environ["DATABASE_URL"])
    manage("collectstatic", "--no-input", "--verbosity", "0")  # the manifest that DEBUG=false needs
    import secon_portal.wsgi  # noqa: F401  (sets Django up as gunicorn's workers do)

    print(f"Practice list, server time per request (ms), {args.runs} requests per shape after 3 warm-ups\n")
    for size in sorted(args.sizes):
        prepare(size)
        practices, rows = measure(args.runs)
        print(f"### {practices:,} practices\n")
        print("| shape | query | results | median | p95 |")
        print("|---|---|---:|---:|---:|")
        for name, query, total, median, p95 in rows:
            print(f"| {name} | `{query or '-'}` | {total:,} | {median:.1f} | {p95:.1f} |")
        print(flush=True)


if __name__ == "__main__":
    main()
