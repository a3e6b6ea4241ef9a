# A throwaway PostgreSQL server for a test: a cluster in its own temporary
# folder, listening only on a Unix socket there, stopped (immediately) on
# every way out of the test. Source it; it sets pg_uri and pgdir, and
# pg_stop is called by the EXIT trap the caller sets (see pg_start).
# initdb refuses to run as root, so as root the server runs as `postgres`.
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
pg_start() {
  if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then
    echo "FAIL - no PostgreSQL server installed (make check installs the postgresql package)"
    return 1
  fi
  pgdir=$(mktemp -d /tmp/ntmkiosk-pg-XXXXXX)
  as=""
  if [ "$(id -u)" = 0 ]; then
    chown postgres "$pgdir"
    as="runuser -u postgres --"
  fi
  $as "$pg_bin/initdb" -D "$pgdir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 \
    >"$pgdir/initdb.log" 2>&1 || { cat "$pgdir/initdb.log"; return 1; }
  # A port of its own (only a socket file name: nothing listens on TCP).
  pg_port=$((20000 + $$ % 20000))
  $as "$pg_bin/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -w -t 60 \
    -o "-c listen_addresses='' -k $pgdir -p $pg_port -c fsync=on" start >/dev/null \
    || { cat "$pgdir/server.log"; return 1; }
  pg_started=1
  $as "$pg_bin/createdb" -h "$pgdir" -p "$pg_port" -U postgres ntm || return 1
  pg_uri="postgresql:///ntm?host=$pgdir&port=$pg_port&user=postgres"
}
pg_stop() {
  if [ "${pg_started:-0}" = 1 ]; then
    $as "$pg_bin/pg_ctl" -D "$pgdir/data" -m immediate -w stop >/dev/null 2>&1
    pg_started=0
  fi
  [ -n "${pgdir:-}" ] && rm -rf "$pgdir"
}
psql_q() { psql -X -A -t -q "$pg_uri" -c "$1"; }
