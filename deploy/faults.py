"""Faults under load (deploy/fault-test.sh): a Cluster (deploy/cluster.py) on loopback under a steady load, while
PostgreSQL restarts, Redis stops for 10 s and an app server is killed; then every save that was answered with
success must be in the database.

- **Load.** wrk on the load balancer: anonymous GETs of the home page, the list, a search, practice, region and
  event pages, as fast as WRK_CONNECTIONS connections go (its Lua script, written here, counts the answers by
  status and second). Beside it, PARTNERS partners, logged in, each in a thread: open the form of a new practice,
  save it as a draft with a title of its own, again and again; each notes the title of every save answered with
  success (a redirect to the draft's form). A probe thread asks for an anonymous page every PROBE_INTERVAL s on a
  fresh connection, to time the recovery to the tenth of a second.
- **Faults**, in turn, with quiet gaps: `pg_ctl restart -m fast` (every connection breaks); Redis stopped for
  REDIS_DOWN_SECONDS, then started again (empty); app server 1 killed with SIGKILL, and started again
  KILLED_SECONDS later, as systemd would.
- **Counted, per fault** (from its start to the next one): the errors (answers other than 2xx/3xx, and
  connection errors, by status), of the anonymous load, the probe and the saves; the failed saves whose answer
  showed the typed text again; and the recovery: the seconds from the fault until the first of RECOVERY_RUN
  successive successes of the probe and of the saves (the later of the two).
- **Verdict.** A table, then `faults: E errors, recovered in ... s, lost saves: 0 of N`. The exit code is 1 when a
  save answered with success is missing, a save was answered with a bare 500, or the portal did not recover within
  RECOVERY_BOUND s of a fault; 2 when the cluster could not start. The whole run takes about three minutes.

Everything listens on 127.0.0.1; every loop and wait is bounded.
"""

import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cluster import Cluster
from cluster_journey import Browser, form_fields

PASSWORD = "fault-test-password-4b2e"
PARTNERS = 4
WRK_CONNECTIONS = 8
WRK_THREADS = 1
PROBE_INTERVAL = 0.1
RECOVERY_RUN = 5  # successive successes that mean "recovered"
RECOVERY_BOUND = 30.0  # seconds
REDIS_DOWN_SECONDS = 10
KILLED_SECONDS = 10
# The timeline, in seconds from the start of the load: (time, name). The load ends at LOAD_SECONDS.
BASELINE = 10
TIMELINE = ((BASELINE, "postgres restart"), (35, "redis stopped 10 s"), (65, "app server 1 killed"))
LOAD_SECONDS = 95
SAVE_PAUSE = 1.0  # seconds between a partner's saves
TIMEOUT = 15  # seconds for any one request

SETUP = """
import json
from tests.factories import GoodPracticeFactory, MembershipFactory
editors = [
    MembershipFactory(user__username=f"fault-editor-{n}", user__password=PASSWORD).user.username
    for n in range(PARTNERS)
]
published = [GoodPracticeFactory(published=True, title=f"Fault test practice {n}") for n in range(5)]
print(json.dumps({"editors": editors, "practices": [practice.slug for practice in published]}))
"""

CHECK = """
import json, sys
from practices.models import GoodPractice
titles = json.load(open(TITLES))
found = set(GoodPractice.objects.filter(title__in=titles).values_list("title", flat=True))
print(json.dumps(sorted(set(titles) - found)))
"""

WRK_SCRIPT = """
local paths = {%(paths)s}
local counter = 0
counts = {}
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1], {["Accept-Language"] = "en"})
end

function response(status, headers, body)
  local key = os.time() .. ":" .. status
  counts[key] = (counts[key] or 0) + 1
end

function done(summary, latency, requests)
  local parts = {}
  for _, thread in ipairs(threads) do
    for key, count in pairs(thread:get("counts")) do
      table.insert(parts, string.format('"%%s": %%d', key, count))
    end
  end
  local errors = summary.errors
  io.write(string.format(
    'WRK-JSON {"requests": %%d, "duration_us": %%d, "connect": %%d, "read": %%d, "write": %%d, "timeout": %%d, '
    .. '"status": %%d, "p50_ms": %%.1f, "p99_ms": %%.1f, "counts": {%%s}}\\n',
    summary.requests, summary.duration, errors.connect, errors.read, errors.write, errors.timeout, errors.status,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, table.concat(parts, ", ")))
end
"""


@dataclass
class Outcome:
    at: float  # time.time()
    ok: bool
    status: str  # "200", "302", "503", "connection error"...
    title: str = ""
    text_kept: bool = False


@dataclass
class Record:
    """What the threads saw, appended under a lock."""

    probe: list = field(default_factory=list)
    saves: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind, outcome):
        with self.lock:
            getattr(self, kind).append(outcome)


def status_of(error):
    if isinstance(error, urllib.error.HTTPError):
        return str(error.code)
    return "connection error"


def probe(url, paths, record, stop):
    number = 0
    while not stop.is_set():
        number += 1
        started = time.time()
        try:
            with urllib.request.urlopen(url + paths[number % len(paths)], timeout=TIMEOUT) as response:
                response.read()
                outcome = Outcome(started, 200 <= response.status < 400, str(response.status))
        except Exception as error:
            outcome = Outcome(started, False, status_of(error))
        record.add("probe", outcome)
        stop.wait(max(0.0, PROBE_INTERVAL - (time.time() - started)))


def safe(call):
    """(status, headers, body) of a Browser call, or ("connection error", None, b"") when there was no answer."""
    try:
        status, headers, body = call()
        return str(status), headers, body
    except Exception:
        return "connection error", None, b""


def partner(url, username, record, stop):
    browser = Browser()
    number = 0
    while not stop.is_set():
        if not any(cookie.name == "sessionid" for cookie in browser.jar):
            status, _, _ = safe(lambda: browser.log_in(url, username, PASSWORD))
            if status != "302":
                stop.wait(0.5)
                continue
        status, _, page = safe(lambda: browser.get(url + "/practices/new/"))
        if status != "200":
            stop.wait(0.5)
            continue
        number += 1
        title = f"Fault draft {username} {number} {secrets.token_hex(3)}"
        summary = f"Saved under load by {username}, number {number}.\nSecond line of the text."
        fields = [(name, value) for name, value in form_fields(page.decode(), "practice-form")]
        fields = [(name, value) for name, value in fields if name not in ("title", "summary")]
        fields += [("title", title), ("summary", summary), ("action", "save")]
        started = time.time()
        status, headers, body = safe(lambda fields=fields: browser.post(url + "/practices/new/", fields))
        location = headers.get("Location", "") if headers else ""
        ok = status == "302" and location.startswith("/practices/") and location.endswith("/edit/")
        kept = not ok and title.encode() in body and b"Second line of the text." in body
        record.add("saves", Outcome(started, ok, status, title, kept))
        stop.wait(SAVE_PAUSE)


def run_wrk(url, paths, seconds, workdir):
    script = workdir / "load.lua"
    script.write_text(WRK_SCRIPT % {"paths": ", ".join(json.dumps(path) for path in paths)})
    command = ["wrk", "-t", str(WRK_THREADS), "-c", str(WRK_CONNECTIONS), "-d", f"{seconds}s"]
    command += ["--timeout", f"{TIMEOUT}s", "-s", str(script), url]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def wrk_result(process, timeout):
    output, _ = process.communicate(timeout=timeout)
    for line in output.splitlines():
        if line.startswith("WRK-JSON "):
            return json.loads(line.removeprefix("WRK-JSON "))
    raise RuntimeError(f"wrk printed no result:\n{output}")


def recovery(outcomes, start):
    """Seconds from `start` to the first of RECOVERY_RUN successive successes after it; None if none."""
    after = [outcome for outcome in outcomes if outcome.at >= start]
    for index in range(len(after) - RECOVERY_RUN + 1):
        if all(outcome.ok for outcome in after[index : index + RECOVERY_RUN]):
            return after[index].at - start
    return None


def errors_between(outcomes, start, end):
    return Counter(outcome.status for outcome in outcomes if start <= outcome.at < end and not outcome.ok)


def wrk_errors_between(counts, start, end):
    """Non-2xx/3xx answers of wrk between two times (whole seconds), by status; all answers; seconds with errors."""
    errors, answers, seconds = Counter(), 0, set()
    for key, count in counts.items():
        second, status = (int(part) for part in key.split(":"))
        if int(start) <= second < int(end):
            answers += count
            if not 200 <= status < 400:
                errors[str(status)] += count
                seconds.add(second)
    return errors, answers, len(seconds)


def describe(counter):
    return ", ".join(f"{status}: {count}" for status, count in sorted(counter.items())) or "none"


class FaultRun:
    def __init__(self, cluster):
        self.cluster = cluster
        self.record = Record()
        self.stop = threading.Event()
        self.faults = []  # (name, started at)

    def shell(self, code):
        output = self.cluster.manage("shell", "--no-imports", "-c", code).stdout.strip()
        return output.splitlines()[-1] if output else ""

    def run(self):
        data = json.loads(self.shell(f"PASSWORD = {PASSWORD!r}\nPARTNERS = {PARTNERS}\n{SETUP}"))
        paths = ["/", "/practices/", "/practices/?q=fault", "/regions/", "/events/", "/impact/"]
        paths += [f"/practices/{slug}/" for slug in data["practices"]]
        url = self.cluster.url
        load_started = time.time()
        wrk = run_wrk(url, paths, LOAD_SECONDS, self.cluster.workdir)
        threads = [threading.Thread(target=probe, args=(url, paths, self.record, self.stop), daemon=True)]
        threads += [
            threading.Thread(target=partner, args=(url, name, self.record, self.stop), daemon=True)
            for name in data["editors"]
        ]
        for thread in threads:
            thread.start()
        try:
            self.inject_faults(load_started)
            time.sleep(max(0.0, load_started + LOAD_SECONDS - time.time()))
        finally:
            self.stop.set()
            for thread in threads:
                thread.join(timeout=TIMEOUT + 5)
        load_ended = time.time()
        result = wrk_result(wrk, timeout=60)
        return self.report(result, load_started, load_ended)

    def at(self, load_started, second):
        time.sleep(max(0.0, load_started + second - time.time()))

    def inject_faults(self, load_started):
        for second, name in TIMELINE:
            self.at(load_started, second)
            self.faults.append((name, time.time()))
            print(f"{time.time() - load_started:6.1f} s  {name}", flush=True)
            if name.startswith("postgres"):
                self.cluster.restart_postgres()
            elif name.startswith("redis"):
                self.cluster.stop_redis()
                time.sleep(REDIS_DOWN_SECONDS)
                self.cluster.start_redis()
            else:
                self.cluster.kill_app(1)
                time.sleep(KILLED_SECONDS)
                self.cluster.start_app(1, wait=True)
            print(f"{time.time() - load_started:6.1f} s  {name}: done", flush=True)

    def lost_saves(self, titles):
        path = self.cluster.workdir / "saved-titles.json"
        path.write_text(json.dumps(titles))
        return json.loads(self.shell(f"TITLES = {str(path)!r}\n{CHECK}"))

    def report(self, wrk, load_started, load_ended):
        record = self.record
        windows = [("before the faults", load_started)] + self.faults
        bounds = [start for _name, start in windows[1:]] + [load_ended]
        rows, recoveries, total_errors, unrecovered = [], [], 0, []
        for (name, start), end in zip(windows, bounds, strict=True):
            anonymous, answers, error_seconds = wrk_errors_between(wrk["counts"], start, end)
            probe_errors = errors_between(record.probe, start, end)
            save_errors = errors_between(record.saves, start, end)
            saves = [outcome for outcome in record.saves if start <= outcome.at < end]
            kept = sum(1 for outcome in saves if outcome.text_kept)
            total_errors += sum(anonymous.values()) + sum(probe_errors.values()) + sum(save_errors.values())
            row = {
                "window": name,
                "seconds": round(end - start, 1),
                "anonymous": answers,
                "anonymous errors": f"{describe(anonymous)} (in {error_seconds} s)",
                "probe errors": describe(probe_errors),
                "saves ok": sum(1 for outcome in saves if outcome.ok),
                "save errors": describe(save_errors),
                "failed saves showing the text": f"{kept} of {len(saves) - sum(1 for o in saves if o.ok)}",
            }
            if name != "before the faults":
                times = [recovery(record.probe, start), recovery(record.saves, start)]
                seconds = None if None in times else max(times)
                row["recovery s"] = "never" if seconds is None else f"{seconds:.1f}"
                if seconds is None or seconds > RECOVERY_BOUND:
                    unrecovered.append(name)
                else:
                    recoveries.append(seconds)
            rows.append(row)
        for row in rows:
            print("\n".join([f"-- {row.pop('window')}"] + [f"   {key}: {value}" for key, value in row.items()]))

        saved = [outcome.title for outcome in record.saves if outcome.ok]
        missing = self.lost_saves(saved)
        bare_500 = sum(1 for outcome in record.saves if outcome.status == "500")
        seconds = (wrk["duration_us"] or 1) / 1e6
        print(
            f"anonymous load (wrk, {WRK_CONNECTIONS} connections): {wrk['requests']} requests in {seconds:.0f} s, "
            f"{wrk['requests'] / seconds:.0f} per second, p50 {wrk['p50_ms']:.0f} ms, p99 {wrk['p99_ms']:.0f} ms; "
            f"socket errors: connect {wrk['connect']}, read {wrk['read']}, write {wrk['write']}, "
            f"timeout {wrk['timeout']}"
        )
        print(
            f"partners: {len(record.saves)} saves tried, {len(saved)} answered with success; "
            f"probe: {len(record.probe)} requests; saves answered with a bare 500: {bare_500}"
        )
        for title in missing:
            print(f"MISSING: a save answered with success is not in the database: {title!r}")
        worst = f"{max(recoveries):.1f}" if recoveries else "-"
        each = " / ".join(row.get("recovery s", "") for row in rows[1:])
        print(
            f"faults: {total_errors} errors, recovered in {each} s "
            f"(worst {worst} s), lost saves: {len(missing)} of {len(saved)}",
            flush=True,
        )
        if unrecovered:
            print(f"NOT RECOVERED within {RECOVERY_BOUND:.0f} s: {', '.join(unrecovered)}")
        return 1 if missing or unrecovered or bare_500 or not saved else 0


def main():
    started = time.monotonic()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if shutil.which("wrk") is None:
        print("faults: wrk is not installed (apt-get install wrk)", flush=True)
        return 2
    workdir = Path(tempfile.mkdtemp(prefix="secon-faults-"))
    print(f"Starting the cluster under {workdir} ...", flush=True)
    try:
        with Cluster(workdir) as cluster:
            print(f"Cluster up in {time.monotonic() - started:.0f} s: load balancer {cluster.url}", flush=True)
            code = FaultRun(cluster).run()
    except Exception:
        print(f"faults: could not run; logs in {workdir}/logs", flush=True)
        raise
    print(f"Done in {time.monotonic() - started:.0f} s", flush=True)
    if code == 0 and not os.environ.get("KEEP_FAULT_LOGS"):
        shutil.rmtree(workdir, ignore_errors=True)
    else:
        print(f"Logs kept in {workdir}/logs", flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
