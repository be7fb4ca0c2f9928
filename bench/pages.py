"""Server time of every page, then HTTP throughput beside a bare Django view. See bench/README.md.

Runs in its own database (`<DATABASE_URL name>_bench` on the same server), never in the portal's:
it creates it, loads the reference data and tops the synthetic practices up to each size.

1. Server time: each page and shape is requested through Django's test client (the whole request in
   the server process: middleware, view, queries, template), with production settings and no cache
   of responses, at each size in turn; one table gives the median and 95th percentile of every page
   at every size.
2. HTTP load (at the largest size; skipped with --no-http or when wrk is missing): gunicorn with two
   workers serves the portal and a bare view (a short HTML page through the same middleware), and
   wrk sends 8 connections for 10 s to each page in turn. Requests/s are printed beside the bare
   view's, and the workers' resident memory at the end.
"""

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
HTTP_PORT = 8791
WRK_SECONDS = 10
WRK_CONNECTIONS = 8
LOADED = ("home", "list: no filter", "list: text", "practice page")  # the pages under HTTP load

# The practice list in every shape: name -> query string.
LIST_SHAPES = {
    "list: no filter": "",
    "list: one facet (theme)": "theme=access",
    "list: one facet (country)": "country=ES",
    "list: three facets": "theme=access&country=ES&rural=yes",
    "list: text": "q=cooperativa",
    "list: text + three facets": "q=cooperativa&theme=access&country=ES&rural=yes",
    "list: sorted by title": "sort=title",
    "list: sorted by start year": "sort=start",
    "list: page 50": "page=50",
}


def bench_database_url():
    url = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(url._replace(path=url.path.rstrip("/") + "_bench"))


def manage(*args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, check=True)


def create_database(url):
    import psycopg2

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    connection = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def prepare(size):
    """The bench database with the reference data, the demo content and (at least) `size` practices."""
    from django.db import connection

    from practices.models import GoodPractice
    from regions.models import PolicyInstrument

    manage("migrate", "--no-input", "--verbosity", "0")
    manage("load_reference_data")
    if not PolicyInstrument.objects.exists():
        manage("seed_demo", "--force")  # the demo content: accounts, instruments, events, sample practices
    have = GoodPractice.objects.count()
    if have < size:
        manage("seed_demo", "--force", "--practices", str(size - have))
    # Measure the steady state, not the maintenance that follows a bulk import.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
        cursor.execute("CHECKPOINT")
    connection.close()


def pages():
    """[(name, path, username or None)]: every page of the benchmark, read from the bench database."""
    from django.db.models import Count

    from events.models import Event
    from practices.models import GoodPractice
    from regions.models import Partner, PolicyInstrument
    from secon_portal.demo.accounts import editor_username
    from secon_portal.paginators import MAX_PAGES
    from secon_portal.sitemaps import PracticeSitemap

    published = GoodPractice.objects.published()
    practice = published.exclude(summary_original="").order_by("-published_at").first()
    busiest = Partner.objects.annotate(practice_count=Count("practices")).order_by("-practice_count").first()
    total = published.count()
    instrument = PolicyInstrument.objects.order_by("pk").first()
    event = Event.objects.exclude(start=None).order_by("pk").first()
    last_list_page = max(1, min((total + 19) // 20, MAX_PAGES))
    last_sitemap_page = PracticeSitemap().paginator.num_pages
    found = [
        ("home", "/", None),
        ("home (de)", "/de/", None),
        *[(name, "/practices/" + (f"?{query}" if query else ""), None) for name, query in LIST_SHAPES.items()],
        ("list: deepest page", f"/practices/?page={last_list_page}", None),
        ("practice page", practice.get_absolute_url(), None),
        ("map of the list", "/practices/map/", None),
        ("map of the list: one country", "/practices/map/?country=ES", None),
        ("map of the list: text", "/practices/map/?q=cooperativa", None),
        ("region page (partner region)", busiest.region.get_absolute_url(), None),
        ("region list", "/regions/", None),
        ("policy instrument page", instrument.get_absolute_url(), None),
        ("event list", "/events/", None),
        ("impact page (results kept in the cache)", "/impact/", None),
        ("event page", event.get_absolute_url(), None),
        ("sitemap index", "/sitemap.xml", None),
        ("sitemap: last page of practices", f"/sitemap-practices.xml?p={last_sitemap_page}", None),
        ("Atom feed of new practices", "/practices/feed.atom", None),
        ("API: practices", "/api/v1/practices/", None),
        ("API: practices, text + three facets", "/api/v1/practices/?" + LIST_SHAPES["list: text + three facets"], None),
        ("API: a practice", f"/api/v1/practices/{practice.slug}/", None),
        ("DCAT catalogue", "/catalog.ttl", None),
        ("partner's dashboard", "/practices/mine/", editor_username(busiest)),
        ("review queue", "/practices/review/", "reviewer"),
    ]
    return found


def server_times(runs):
    from django.contrib.auth import get_user_model
    from django.test import Client

    from practices.models import GoodPractice

    rows = []
    for name, path, username in pages():
        client = Client(HTTP_HOST="127.0.0.1")
        if username:
            client.force_login(get_user_model().objects.get(username=username))
        for _ in range(3):  # warm up: connections, plans
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (path, response.status_code)
        rows.append((name, path, statistics.median(timings), statistics.quantiles(timings, n=20)[-1]))
    return GoodPractice.objects.count(), rows


def wait_for_port(port, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port}")


def requests_per_second(url):
    output = subprocess.run(
        ["wrk", "-t2", f"-c{WRK_CONNECTIONS}", f"-d{WRK_SECONDS}s", url], capture_output=True, text=True, check=True
    ).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        raise RuntimeError(f"{url}: {errors.group(1)} error responses\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def worker_memory(master_pid):
    """The resident memory (MB) of each worker of the gunicorn whose master is `master_pid`."""
    sizes = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(master_pid):
            sizes.append(int(fields["VmRSS"].split()[0]) / 1024)
    return sorted(sizes)


def http_load(page_cache):
    """[(name, path, requests/s)], the bare view first, and the workers' memory after the run.

    page_cache: whether gunicorn keeps anonymous pages in the shared cache (secon_portal/page_cache.py).
    """
    from django.core.cache import cache

    from secon_portal.page_cache import VERSION_KEY

    anonymous = [(name, path) for name, path, username in pages() if username is None]
    wanted = [("bare Django view", "/bench/bare/")] + [(name, path) for name, path in anonymous if name in LOADED]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "PAGE_CACHE_SECONDS": "300" if page_cache else "0"}
    if page_cache:
        cache.set(VERSION_KEY, time.time_ns(), timeout=None)  # nothing kept by an earlier run is served
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "bench.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{HTTP_PORT}"],
        cwd=BASE_DIR,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(HTTP_PORT)
        rows = [(name, path, requests_per_second(f"http://127.0.0.1:{HTTP_PORT}{path}")) for name, path in wanted]
        return rows, worker_memory(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=40, help="requests per page (default 40)")
    parser.add_argument("--no-http", action="store_true", help="server time only, no HTTP load")
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = bench_database_url()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    os.environ["DEBUG"] = "false"  # production settings: cached templates, no debug tools
    os.environ["PAGE_CACHE_SECONDS"] = "0"  # server time is measured without any cache of pages
    os.environ["API_RATE"] = "1000000/minute"  # the runs all come from one address: no API limit
    os.environ.setdefault("SECRET_KEY", "bench-" + "x" * 60)
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
    os.environ.setdefault("EMAIL_HOST", "localhost")
    os.environ.setdefault("PORTAL_URL", "http://127.0.0.1")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    os.environ["STATIC_ROOT"] = tempfile.mkdtemp(prefix="secon-bench-static-")
    sys.path.insert(0, str(BASE_DIR))
    create_database(os.environ["DATABASE_URL"])
    manage("collectstatic", "--no-input", "--verbosity", "0")  # the manifest that DEBUG=false needs
    import bench.wsgi  # noqa: F401  (sets Django up as gunicorn's workers do)

    sizes = []  # (number of practices found, {page: (median, p95)}) for each size asked
    for size in sorted(args.sizes):
        prepare(size)
        practices, rows = server_times(args.runs)
        if practices > size:
            print(f"The bench database holds {practices:,} practices, more than {size:,}.", file=sys.stderr)
        sizes.append((practices, {name: (median, p95) for name, _path, median, p95 in rows}))
        print(f"({practices:,} practices measured)", file=sys.stderr, flush=True)
    print(f"## Server time per request (ms), {args.runs} requests per page after 3 warm-ups\n")
    print("| page | " + " | ".join(f"{practices:,}: median | p95" for practices, _times in sizes) + " |")
    print("|---|" + "---:|---:|" * len(sizes))
    for name in sizes[0][1]:
        cells = [f"{times[name][0]:.1f} | {times[name][1]:.1f}" for _practices, times in sizes]
        print(f"| {name} | " + " | ".join(cells) + " |")
    print(flush=True)

    if args.no_http:
        return
    if shutil.which("wrk") is None:
        print("## HTTP load: skipped, wrk is not installed (apt-get install wrk)")
        return
    runs = {"no cache": http_load(page_cache=False)}
    if os.environ.get("REDIS_URL"):
        runs["page cache (Redis)"] = http_load(page_cache=True)
    print(f"## HTTP load: gunicorn, 2 workers; wrk, {WRK_CONNECTIONS} connections, {WRK_SECONDS} s per page\n")
    print("| page | path | " + " | ".join(f"{run}: requests/s | share of the bare view" for run in runs) + " |")
    print("|---|---|" + "---:|---:|" * len(runs))
    # The yardstick is the bare view without the page cache: with it, the bare view pays the cache's round trips too.
    bare = runs["no cache"][0][0][2]
    for index, (name, path, _rate) in enumerate(runs["no cache"][0]):
        cells = []
        for rows, _memory in runs.values():
            rate = rows[index][2]
            cells += [f"{rate:,.1f}", f"{rate / bare:.0%}"]
        print(f"| {name} | `{path}` | " + " | ".join(cells) + " |")
    if "page cache (Redis)" not in runs:
        print("\n(Set REDIS_URL to measure the page cache too; it needs a cache that all the workers share.)")
    for run, (_rows, memory) in runs.items():
        print(f"\nResident memory of the workers after the load ({run}): {', '.join(f'{mb:.0f} MB' for mb in memory)}")


if __name__ == "__main__":
    main()
