# Sourced by scripts/test.sh: a throwaway PostgreSQL for the database tests
# (TestDatabases reads BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING).
# Debian's server binaries, our own data dir and port, stopped on exit.

SIGHTLINE_PG_PORT="${SIGHTLINE_PG_PORT:-5439}"

start_test_postgres() {
  if [ -n "${BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING:-}" ]; then
    return 0 # the caller brings its own
  fi
  local bin
  bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  [ -x "$bin/initdb" ] || fail "PostgreSQL server binaries not found; install Debian's postgresql package"
  local dir="$SIGHTLINE_ROOT/e2e/.stack/postgres"
  local as=()
  # PostgreSQL refuses to run as root: run it as the postgres user instead.
  if [ "$(id -u)" -eq 0 ]; then as=(runuser -u postgres --); fi
  stop_test_postgres
  rm -rf "$dir" && mkdir -p "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
  "${as[@]}" "$bin/initdb" -D "$dir/data" -U postgres --auth=trust >"$dir/initdb.log" 2>&1 ||
    fail "initdb failed; see $dir/initdb.log"
  "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w \
    -o "-p $SIGHTLINE_PG_PORT -k $dir -c listen_addresses=127.0.0.1" start >/dev/null ||
    fail "PostgreSQL did not start; see $dir/postgres.log"
  export SIGHTLINE_PG_DIR="$dir" SIGHTLINE_PG_BIN="$bin"
  export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="postgresql://postgres@127.0.0.1:$SIGHTLINE_PG_PORT/postgres"
}

stop_test_postgres() {
  local dir="$SIGHTLINE_ROOT/e2e/.stack/postgres"
  local bin="${SIGHTLINE_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
  [ -f "$dir/data/postmaster.pid" ] || return 0
  local as=()
  if [ "$(id -u)" -eq 0 ]; then as=(runuser -u postgres --); fi
  "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
}
