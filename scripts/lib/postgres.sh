# Sourced by scripts/test.sh: a throwaway PostgreSQL for the database tests
# (TestDatabases reads BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING).
# Debian's server binaries, our own data dir and port, stopped on exit.
# Functions return non-zero with a message instead of ending the test run.

SIGHTLINE_PG_PORT="${SIGHTLINE_PG_PORT:-5439}"
SIGHTLINE_PG_DIR="$SIGHTLINE_ROOT/e2e/.stack/postgres"

postgres_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

# PostgreSQL refuses to run as root: as root, run it as the postgres user.
as_postgres() {
  if [ "$(id -u)" -ne 0 ]; then
    "$@"
  elif command -v runuser >/dev/null 2>&1 || [ -x /usr/sbin/runuser ]; then
    PATH="$PATH:/usr/sbin:/sbin" runuser -u postgres -- "$@"
  else
    su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
  fi
}

start_test_postgres() {
  if [ -n "${BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING:-}" ]; then
    return 0 # the caller brings its own
  fi
  local bin
  bin="$(postgres_bin)"
  if [ ! -x "$bin/initdb" ]; then
    echo "PostgreSQL server binaries not found; install Debian's postgresql package" >&2
    return 1
  fi
  stop_test_postgres
  rm -rf "$SIGHTLINE_PG_DIR" && mkdir -p "$SIGHTLINE_PG_DIR"
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$SIGHTLINE_PG_DIR"; fi
  if ! as_postgres "$bin/initdb" -D "$SIGHTLINE_PG_DIR/data" -U postgres --auth=trust \
    >"$SIGHTLINE_PG_DIR/initdb.log" 2>&1; then
    echo "initdb failed; see $SIGHTLINE_PG_DIR/initdb.log" >&2
    return 1
  fi
  if ! as_postgres "$bin/pg_ctl" -D "$SIGHTLINE_PG_DIR/data" -l "$SIGHTLINE_PG_DIR/postgres.log" -w \
    -o "-p $SIGHTLINE_PG_PORT -k $SIGHTLINE_PG_DIR -c listen_addresses=127.0.0.1" start >/dev/null; then
    echo "PostgreSQL did not start; see $SIGHTLINE_PG_DIR/postgres.log" >&2
    return 1
  fi
  export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="postgresql://postgres@127.0.0.1:$SIGHTLINE_PG_PORT/postgres"
}

stop_test_postgres() {
  [ -f "$SIGHTLINE_PG_DIR/data/postmaster.pid" ] || return 0
  as_postgres "$(postgres_bin)/pg_ctl" -D "$SIGHTLINE_PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
}
