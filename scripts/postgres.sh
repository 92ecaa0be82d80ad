#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests, under build/postgres/:
#   scripts/postgres.sh start   initdb (once) and start it; prints the URI
#   scripts/postgres.sh stop    stop it (nothing when it is not running)
#   scripts/postgres.sh uri     the URI of the test database
# The server runs as an unprivileged user (`postgres`, made by Debian's
# package; PostgreSQL refuses to run as root), listens on 127.0.0.1 only, at
# port $KEHOACH_PG_PORT (default 55432), and asks for a password over TCP
# (scram-sha-256), so the tests can also try a wrong one. The role and
# database the tests use are both `kehoach`, password `kehoach-test`: a
# cluster for tests, never for data.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD/build/postgres"
data="$root/data"
port="${KEHOACH_PG_PORT:-55432}"
user=postgres
password=kehoach-test
uri="postgresql://kehoach:$password@127.0.0.1:$port/kehoach"

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bin" ] || [ ! -x "$bin/pg_ctl" ]; then
  echo "kehoach: PostgreSQL's server is not installed (scripts/install-deps.sh installs it)" >&2
  exit 2
fi
as_user() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u "$user" -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    mkdir -p "$root"
    if [ "$(id -u)" -eq 0 ]; then chown "$user" "$root"; fi
    if [ ! -f "$data/PG_VERSION" ]; then
      pwfile="$root/pwfile"
      echo "$password" > "$pwfile"
      if [ "$(id -u)" -eq 0 ]; then chown "$user" "$pwfile"; fi
      as_user "$bin/initdb" -D "$data" -U "$user" --auth-local=trust --auth-host=scram-sha-256 \
        --pwfile="$pwfile" -E UTF8 --locale=C.UTF-8 >"$root/initdb.log"
      rm -f "$pwfile"
      {
        echo "listen_addresses = '127.0.0.1'"
        echo "port = $port"
        echo "unix_socket_directories = '$root'"
        echo "max_connections = 100"
        echo "fsync = off"                 # a throwaway cluster: speed over durability
        echo "synchronous_commit = off"
        echo "full_page_writes = off"
      } >> "$data/postgresql.conf"
    fi
    if ! as_user "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
      as_user "$bin/pg_ctl" -D "$data" -l "$root/server.log" -w -t 60 start >/dev/null
    fi
    # The tests' role and database, made once.
    psql=("$bin/psql" -h "$root" -p "$port" -U "$user" -d postgres -v ON_ERROR_STOP=1 -qtA)
    if [ "$(as_user "${psql[@]}" -c "SELECT 1 FROM pg_roles WHERE rolname = 'kehoach'")" != 1 ]; then
      as_user "${psql[@]}" -c "CREATE ROLE kehoach LOGIN PASSWORD '$password' CREATEDB"
    fi
    if [ "$(as_user "${psql[@]}" -c "SELECT 1 FROM pg_database WHERE datname = 'kehoach'")" != 1 ]; then
      as_user "${psql[@]}" -c "CREATE DATABASE kehoach OWNER kehoach"
    fi
    echo "$uri"
    ;;
  stop)
    if [ -f "$data/PG_VERSION" ] && as_user "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
      as_user "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null
    fi
    ;;
  uri)
    echo "$uri"
    ;;
  *)
    echo "usage: scripts/postgres.sh start|stop|uri" >&2
    exit 2
    ;;
esac
