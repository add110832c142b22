#!/usr/bin/env bash
# Starts a throw-away PostgreSQL for the tests: its own data folder, an unprivileged OS user, loopback
# only, a random port and a random password. Installs Debian's PostgreSQL with apt-get if no server
# binaries are found (and we may). Prints shell assignments for the test run:
#   IRONCLAW4J_TEST_PG_URL, IRONCLAW4J_TEST_PG_USER, IRONCLAW4J_TEST_PG_PASSWORD, IRONCLAW4J_TEST_PG_DIR
# Usage: eval "$(scripts/pg-test-server.sh start)"; ...; scripts/pg-test-server.sh stop "$IRONCLAW4J_TEST_PG_DIR"
set -euo pipefail

find_bindir() {
  local d
  if command -v pg_config >/dev/null 2>&1; then
    d=$(pg_config --bindir 2>/dev/null || true)
    [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
  fi
  for d in $(ls -d /usr/lib/postgresql/*/bin /usr/pgsql-*/bin /opt/homebrew/opt/postgresql*/bin /usr/local/opt/postgresql*/bin 2>/dev/null | sort -V -r); do
    [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
  done
  for d in /usr/local/bin /usr/bin; do
    [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
  done
  return 1
}

as_owner() { # runs a command as the unprivileged owner of the cluster
  if [ "$(id -u)" = 0 ]; then runuser -u "$PGOWNER" -- "$@"; else "$@"; fi
}

start() {
  local bindir
  if ! bindir=$(find_bindir); then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      echo "pg-test-server: installing PostgreSQL with apt-get..." >&2
      DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
      bindir=$(find_bindir) || { echo "pg-test-server: PostgreSQL installed but initdb not found" >&2; exit 1; }
    else
      echo "pg-test-server: no PostgreSQL server binaries (initdb, pg_ctl) found. Install PostgreSQL 13+ (Debian: apt-get install postgresql; macOS: brew install postgresql)." >&2
      exit 1
    fi
  fi
  PGOWNER=$(id -un)
  if [ "$(id -u)" = 0 ]; then
    PGOWNER=postgres
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
  fi
  local dir port password
  dir=$(mktemp -d "${TMPDIR:-/tmp}/ironclaw4j-pg.XXXXXX")
  chmod 700 "$dir"
  [ "$(id -u)" = 0 ] && chown "$PGOWNER" "$dir"
  password=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 20)
  printf '%s\n' "$password" > "$dir/pwfile"
  [ "$(id -u)" = 0 ] && chown "$PGOWNER" "$dir/pwfile"
  as_owner "$bindir/initdb" -D "$dir/data" -U ironclaw --auth=scram-sha-256 --pwfile="$dir/pwfile" -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || as_owner "$bindir/initdb" -D "$dir/data" -U ironclaw --auth=scram-sha-256 --pwfile="$dir/pwfile" -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  rm -f "$dir/pwfile"
  local tries=0
  while :; do
    port=$(( 20000 + RANDOM % 30000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      if as_owner "$bindir/pg_ctl" -D "$dir/data" -w -t 30 -l "$dir/server.log" \
          -o "-p $port -c listen_addresses=127.0.0.1 -k $dir/data -c fsync=off -c full_page_writes=off" start >/dev/null 2>&1; then
        break
      fi
    fi
    tries=$((tries + 1))
    if [ $tries -ge 5 ]; then cat "$dir/server.log" >&2 || true; echo "pg-test-server: could not start PostgreSQL" >&2; exit 1; fi
  done
  PGPASSWORD=$password "$bindir/createdb" -h 127.0.0.1 -p "$port" -U ironclaw ironclaw4j_test
  echo "export IRONCLAW4J_TEST_PG_URL='jdbc:postgresql://127.0.0.1:$port/ironclaw4j_test'"
  echo "export IRONCLAW4J_TEST_PG_USER='ironclaw'"
  echo "export IRONCLAW4J_TEST_PG_PASSWORD='$password'"
  echo "export IRONCLAW4J_TEST_PG_DIR='$dir'"
  echo "pg-test-server: PostgreSQL ($("$bindir/postgres" --version | awk '{print $NF}')) on 127.0.0.1:$port" >&2
}

stop() {
  local dir=${1:?usage: pg-test-server.sh stop DIR}
  local bindir; bindir=$(find_bindir) || exit 0
  PGOWNER=$(stat -c %U "$dir" 2>/dev/null || id -un)
  [ -d "$dir/data" ] && as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  *) echo "usage: $0 start | stop DIR" >&2; exit 2 ;;
esac
