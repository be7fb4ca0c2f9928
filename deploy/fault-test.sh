#!/bin/sh
# Faults under load on a cluster on this machine's loopback (deploy/faults.py): PostgreSQL restarted, Redis
# stopped for 10 s, an app server killed, while wrk and partners saving drafts keep the portal busy. About three
# minutes; exit code 1 when a save answered with success is lost or the portal does not recover by itself.
# Needs nginx and wrk (apt-get install nginx-light wrk) and the dev requirements (make's .venv).
set -eu
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"
exec timeout --signal=TERM --kill-after=30 420 "$PYTHON" deploy/faults.py "$@"
