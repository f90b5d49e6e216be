#!/usr/bin/env bash
# Local Redis and PostgreSQL for backfill-bench's live load tests (`load`).
#
#   scripts/services.sh start    install redis-server / postgresql from Debian packages if absent,
#                                start both on 127.0.0.1 with data in a temporary folder, wait until
#                                they accept connections, print the URLs (as eval-able export lines)
#   scripts/services.sh status   say what runs; exit 0 when both accept connections, 1 otherwise
#   scripts/services.sh stop     stop both (only the processes this script started) and delete the data
#
# Typical use:  eval "$(scripts/services.sh start)"   # sets REDIS_URL and POSTGRES_URL
#
# Settings (environment): BB_SERVICES_DIR (default ${TMPDIR:-/tmp}/backfill-bench-services),
# BB_REDIS_PORT (6379), BB_PG_PORT (5432), BB_START_TIMEOUT (seconds to wait for each server, 60).
# Servers listen on 127.0.0.1 only. As root, PostgreSQL runs as the `postgres` user (initdb refuses
# root) and Redis as the `redis` user when the Debian package created one.
set -euo pipefail

DIR=${BB_SERVICES_DIR:-${TMPDIR:-/tmp}/backfill-bench-services}
REDIS_PORT=${BB_REDIS_PORT:-6379}
PG_PORT=${BB_PG_PORT:-5432}
START_TIMEOUT=${BB_START_TIMEOUT:-60}
PG_ROLE=bench
PG_PASSWORD=bench
PG_DB=bench
REDIS_URL="redis://127.0.0.1:${REDIS_PORT}"
POSTGRES_URL="postgres://${PG_ROLE}:${PG_PASSWORD}@127.0.0.1:${PG_PORT}/${PG_DB}"
REDIS_DIR="$DIR/redis"
PG_DIR="$DIR/pg"
PG_DATA="$PG_DIR/data"
PG_SOCK="$PG_DIR/sock"

log() { echo "services: $*" >&2; }
die() { echo "services: error: $*" >&2; exit 1; }

pg_bin() { # newest installed PostgreSQL server binaries
  local d best=""
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && best=$d; done
  [ -n "$best" ] && echo "$best"
  return 0
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Runs a command as `user` when we are root and the user exists; as ourselves otherwise.
as_user() {
  local user=$1; shift
  if [ "$(id -u)" -eq 0 ] && id "$user" >/dev/null 2>&1; then runuser -u "$user" -- "$@"; else "$@"; fi
}
owner_for() { if [ "$(id -u)" -eq 0 ] && id "$1" >/dev/null 2>&1; then echo "$1"; else id -un; fi; }

install_missing() {
  local pkgs=()
  command -v redis-server >/dev/null 2>&1 || pkgs+=(redis-server)
  command -v redis-cli >/dev/null 2>&1 || pkgs+=(redis-tools)
  [ -n "$(pg_bin)" ] || pkgs+=(postgresql)
  [ ${#pkgs[@]} -eq 0 ] && return 0
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || die "need ${pkgs[*]}: run as root or install them with apt-get"
    sudo=(sudo -n)
  fi
  log "installing ${pkgs[*]} (apt-get, non-interactive)"
  # Keep the packages' own services from starting (they would take the ports): policy-rc.d says no.
  local policy=/usr/sbin/policy-rc.d made_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null && "${sudo[@]}" chmod 755 "$policy" && made_policy=1
  fi
  local ok=0
  export DEBIAN_FRONTEND=noninteractive
  local apt=("${sudo[@]}" apt-get -y -q -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
  if "${apt[@]}" install --no-install-recommends "${pkgs[@]}" >&2; then ok=1
  elif "${apt[@]}" update >&2 && "${apt[@]}" install --no-install-recommends "${pkgs[@]}" >&2; then ok=1
  fi
  [ "$made_policy" -eq 1 ] && "${sudo[@]}" rm -f "$policy"
  [ "$ok" -eq 1 ] || die "apt-get could not install ${pkgs[*]}"
  command -v redis-server >/dev/null 2>&1 || die "redis-server still missing after install"
  [ -n "$(pg_bin)" ] || die "PostgreSQL server binaries still missing after install"
}

redis_pid() { [ -s "$REDIS_DIR/redis.pid" ] && cat "$REDIS_DIR/redis.pid"; return 0; }
redis_ours() { local p; p=$(redis_pid); [ -n "$p" ] && kill -0 "$p" 2>/dev/null; }
pg_ours() { [ -s "$PG_DATA/postmaster.pid" ] && kill -0 "$(head -1 "$PG_DATA/postmaster.pid")" 2>/dev/null; }

wait_for() { # description, command...
  local what=$1; shift
  local deadline=$((SECONDS + START_TIMEOUT))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -ge $deadline ] && die "$what did not accept connections within ${START_TIMEOUT}s"
    sleep 0.2
  done
}

start_redis() {
  if redis_ours; then log "redis already running (pid $(redis_pid)) on 127.0.0.1:$REDIS_PORT"; return 0; fi
  port_open "$REDIS_PORT" && die "127.0.0.1:$REDIS_PORT is taken by another process; set BB_REDIS_PORT"
  local owner; owner=$(owner_for redis)
  mkdir -p "$REDIS_DIR" && chown "$owner" "$REDIS_DIR"
  as_user "$owner" redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --protected-mode yes --daemonize yes \
    --dir "$REDIS_DIR" --pidfile "$REDIS_DIR/redis.pid" --logfile "$REDIS_DIR/redis.log" --save '' --appendonly no >&2 \
    || die "redis-server did not start (see $REDIS_DIR/redis.log)"
  wait_for "redis on 127.0.0.1:$REDIS_PORT" redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping
  log "redis running (pid $(redis_pid)) on 127.0.0.1:$REDIS_PORT, data in $REDIS_DIR"
}

start_pg() {
  local bin; bin=$(pg_bin)
  local owner; owner=$(owner_for postgres)
  if ! pg_ours; then
    port_open "$PG_PORT" && die "127.0.0.1:$PG_PORT is taken by another process; set BB_PG_PORT"
    mkdir -p "$PG_DIR" "$PG_SOCK"
    chown "$owner" "$PG_DIR" "$PG_SOCK"
    chmod 700 "$PG_DIR"
    if [ ! -s "$PG_DATA/PG_VERSION" ]; then
      local pw="$PG_DIR/pwfile"
      printf '%s\n' "$PG_PASSWORD" >"$pw" && chown "$owner" "$pw" && chmod 600 "$pw"
      as_user "$owner" "$bin/initdb" -D "$PG_DATA" -U postgres -E UTF8 --auth-local=trust --auth-host=scram-sha-256 \
        --pwfile="$pw" >"$PG_DIR/initdb.log" 2>&1 || die "initdb failed (see $PG_DIR/initdb.log)"
      rm -f "$pw"
    fi
    as_user "$owner" "$bin/pg_ctl" -D "$PG_DATA" -l "$PG_DIR/postgres.log" -w -t "$START_TIMEOUT" \
      -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -c unix_socket_directories=$PG_SOCK -c fsync=off -c synchronous_commit=off" \
      start >&2 || die "postgres did not start (see $PG_DIR/postgres.log)"
  else
    log "postgres already running (pid $(head -1 "$PG_DATA/postmaster.pid")) on 127.0.0.1:$PG_PORT"
  fi
  wait_for "postgres on 127.0.0.1:$PG_PORT" "$bin/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"
  local psql=(as_user "$owner" "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCK" -p "$PG_PORT" -U postgres)
  "${psql[@]}" -d postgres -c "DO \$\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_ROLE') THEN CREATE ROLE $PG_ROLE LOGIN PASSWORD '$PG_PASSWORD'; END IF; END \$\$;" >&2
  if [ "$("${psql[@]}" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'")" != 1 ]; then
    "${psql[@]}" -d postgres -c "CREATE DATABASE $PG_DB OWNER $PG_ROLE" >&2
  fi
  log "postgres running on 127.0.0.1:$PG_PORT, data in $PG_DATA"
}

stop_all() {
  if redis_ours; then
    local p; p=$(redis_pid)
    log "stopping redis (pid $p)"
    kill "$p" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
  fi
  if pg_ours; then
    log "stopping postgres"
    as_user "$(owner_for postgres)" "$(pg_bin)/pg_ctl" -D "$PG_DATA" -m fast -w -t 30 stop >&2 || true
  fi
  rm -rf "$DIR"
}

status() {
  local up=0
  if redis_ours && port_open "$REDIS_PORT"; then echo "redis: running (pid $(redis_pid)) $REDIS_URL"; up=$((up + 1)); else echo "redis: not running"; fi
  if pg_ours && port_open "$PG_PORT"; then echo "postgres: running (pid $(head -1 "$PG_DATA/postmaster.pid")) $POSTGRES_URL"; up=$((up + 1)); else echo "postgres: not running"; fi
  [ "$up" -eq 2 ]
}

case "${1:-}" in
  start)
    install_missing
    mkdir -p "$DIR" && chmod 755 "$DIR"
    start_redis
    start_pg
    echo "export REDIS_URL=$REDIS_URL"
    echo "export POSTGRES_URL=$POSTGRES_URL"
    ;;
  stop) stop_all ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
