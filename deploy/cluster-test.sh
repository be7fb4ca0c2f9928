#!/usr/bin/env bash
# The portal as a cluster on this machine's loopback, and a journey across its nodes (deploy/cluster.py,
# deploy/cluster_journey.py): a private PostgreSQL, Redis, S3 (SeaweedFS's `weed mini`), two gunicorn app servers,
# the job worker and Debian's nginx in front. Needs the development requirements (make .venv/.installed),
# nginx (apt-get install nginx-light) and redis-server. Prints one line per check and
# "cluster test: N of M checks passed"; exits non-zero when any check failed. Takes one to two minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c "import storages, boto3" 2>/dev/null; then
  make .venv/.installed
fi
# A bounded run: whatever happens, the cluster's processes end with it (the script stops them on SIGTERM).
exec timeout --signal=TERM --kill-after=30 600 .venv/bin/python deploy/cluster.py
