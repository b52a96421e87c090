# A throwaway PostgreSQL server, for the scripts that check the engine
# against a real one (scripts/sql-postgres.sh, scripts/walk-postgres.sh).
# Sourced, not run. The server runs as an unprivileged user (initdb refuses
# root) on a unix socket in a temporary folder, without fsync, and is
# stopped and removed at exit.
#
#   bin=$(find_bin || true)          PG_BIN, else Debian's newest
#                                    /usr/lib/postgresql/<version>/bin
#   start_postgres [-c NAME=VALUE...]  starts it from $bin, with these
#                                    server settings too; sets tmp (the
#                                    folder; the socket in $tmp/socket),
#                                    psql_bin and psql (quiet, unaligned,
#                                    stopping at the first error)

find_bin() {
  if [[ -n "${PG_BIN:-}" ]]; then echo "$PG_BIN"; return; fi
  local newest
  newest=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [[ -n "$newest" && -x "$newest/initdb" ]] && echo "$newest"
}

start_postgres() {
  psql_bin="$bin/psql"
  [[ -x "$psql_bin" ]] || psql_bin=$(command -v psql)

  tmp=$(mktemp -d)
  chmod 755 "$tmp"
  # initdb refuses to run as root: the server runs as `postgres` (or `nobody`).
  as_server=()
  if [[ $(id -u) == 0 ]]; then
    user=postgres
    id -u "$user" >/dev/null 2>&1 || user=nobody
    as_server=(runuser -u "$user" --)
  fi
  mkdir -p "$tmp/data" "$tmp/socket"
  [[ ${#as_server[@]} == 0 ]] || chown "$user" "$tmp/data" "$tmp/socket"
  trap stop_postgres EXIT
  "${as_server[@]}" "$bin/initdb" -D "$tmp/data" -U postgres --auth=trust -E UTF8 \
    --no-sync >"$tmp/initdb.log" 2>&1 || { cat "$tmp/initdb.log" >&2; exit 1; }
  "${as_server[@]}" "$bin/pg_ctl" -D "$tmp/data" -w -l "$tmp/socket/server.log" \
    -o "-k $tmp/socket -c listen_addresses= -c fsync=off -c full_page_writes=off -c synchronous_commit=off${*:+ $*}" \
    start >/dev/null || { cat "$tmp/socket/server.log" >&2; exit 1; }
  psql=("$psql_bin" -X -q -At -v ON_ERROR_STOP=1 -h "$tmp/socket" -U postgres)
}

stop_postgres() {
  "${as_server[@]}" "$bin/pg_ctl" -D "$tmp/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
