#!/usr/bin/env bash
# Installs PostgreSQL from Debian's packages if missing, starts a cluster on loopback, creates the test role and
# database, and prints the connection string the PostgreSQL tests read from LEADBOT_TEST_POSTGRES:
#   export LEADBOT_TEST_POSTGRES="$(tests/postgres.sh)"     (tests/run.sh does this)
#   eval "$(tests/postgres.sh --export)"                     (the same, as an export line)
# Only that goes to stdout; progress goes to stderr. Safe to run again.
set -euo pipefail
# `su postgres` keeps the working directory, which may be a private temporary checkout (.ci/run) it cannot enter.
cd /

ROLE=leadbot
PASSWORD=leadbot
DATABASE=leadbot_test
PORT=${LEADBOT_POSTGRES_PORT:-5432}

log() { echo "postgres.sh: $*" >&2; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  log "installing postgresql from Debian's packages"
  as_root apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >&2
fi

VERSION=$(ls /usr/lib/postgresql | sort -V | tail -1)
CLUSTER=main

if ! pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2}' | grep -qx "$VERSION $CLUSTER"; then
  log "creating cluster $VERSION/$CLUSTER"
  as_root pg_createcluster "$VERSION" "$CLUSTER" --port "$PORT" >&2
fi

CONF=/etc/postgresql/$VERSION/$CLUSTER
# Loopback only; room for two bot processes plus parallel test classes, each with its own pool.
as_root tee "$CONF/conf.d/leadbot-tests.conf" >/dev/null <<CONFEOF
listen_addresses = '127.0.0.1'
port = $PORT
max_connections = 300
CONFEOF

STATUS=$(pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1==v && $2==c {print $4}')
if [ "$STATUS" = "online" ]; then
  # A running cluster keeps its old max_connections until restarted; restart only when it is too small.
  if [ "$(as_root su postgres -c "psql -p $PORT -Atc 'show max_connections'")" -lt 300 ]; then
    log "restarting $VERSION/$CLUSTER to apply max_connections"
    as_root pg_ctlcluster "$VERSION" "$CLUSTER" restart >&2
  fi
else
  log "starting $VERSION/$CLUSTER on 127.0.0.1:$PORT"
  as_root pg_ctlcluster "$VERSION" "$CLUSTER" start >&2
fi

for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p "$PORT" && break
  sleep 0.5
done
pg_isready -h 127.0.0.1 -p "$PORT" >&2

psql_admin() { as_root su postgres -c "psql -p $PORT -v ON_ERROR_STOP=1 -Atq $*"; }
# CREATEDB: test classes make their own fresh databases and schemas.
psql_admin "-c \"DO \\\$\\\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$ROLE') THEN CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD'; END IF;
END \\\$\\\$;\""
if [ -z "$(psql_admin "-c \"SELECT 1 FROM pg_database WHERE datname = '$DATABASE'\"")" ]; then
  psql_admin "-c \"CREATE DATABASE $DATABASE OWNER $ROLE\""
fi

log "ready: $ROLE@127.0.0.1:$PORT/$DATABASE"
CS="Host=127.0.0.1;Port=$PORT;Username=$ROLE;Password=$PASSWORD;Database=$DATABASE"
if [ "${1:-}" = "--export" ]; then echo "export LEADBOT_TEST_POSTGRES='$CS'"; else echo "$CS"; fi
