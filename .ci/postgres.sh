#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the PostgreSQL store's tests (issue #12). Sourced by .ci/run:
#   installs Debian's postgresql when missing, initdb's a cluster in a temp folder as the postgres user,
#   listens on 127.0.0.1 on a free port and exports POET_TEST_POSTGRES (a connection string).
# The cluster is stopped and its folder removed when the shell that sourced this script exits (a watchdog
# process, so it does not depend on anyone's EXIT trap). Standalone use:
#   source .ci/postgres.sh && dotnet test Poet.Tests --filter "FullyQualifiedName~PostgreSql"

poet_pg_start() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    echo "postgres.sh: installing Debian's postgresql"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) || {
      echo "postgres.sh: could not install postgresql; the PostgreSQL tests will report Ignored" >&2; return 0; }
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  fi

  local as_postgres=()
  if [ "$(id -u)" -eq 0 ]; then as_postgres=(runuser -u postgres --); fi

  local dir password port try
  dir=$(mktemp -d /tmp/poet-pg.XXXXXX)
  password="poet-ci-$RANDOM$RANDOM"
  printf '%s\n' "$password" >"$dir/pwfile"
  [ "$(id -u)" -eq 0 ] && chown -R postgres: "$dir"
  chmod 700 "$dir"
  "${as_postgres[@]}" "$bin/initdb" -D "$dir/data" -U postgres --pwfile="$dir/pwfile" \
    --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
    echo "postgres.sh: initdb failed:" >&2; cat "$dir/initdb.log" >&2; return 1; }
  rm -f "$dir/pwfile"

  for try in 1 2 3 4 5 6 7 8; do
    port=$((20000 + RANDOM % 40000))
    if "${as_postgres[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 start \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=200 -c shared_buffers=128MB" >/dev/null 2>&1; then
      break
    fi
    port=""
  done
  if [ -z "$port" ]; then
    echo "postgres.sh: PostgreSQL did not start:" >&2; tail -20 "$dir/server.log" >&2; return 1
  fi

  export POET_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Password=$password;Database=postgres"
  export POET_TEST_POSTGRES_BIN="$bin" POET_TEST_POSTGRES_DATA="$dir/data"
  echo "postgres.sh: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (data in $dir)"

  # Watchdog: stop the cluster and remove its folder once the sourcing shell is gone.
  local owner=$$
  ( trap '' HUP; while kill -0 "$owner" 2>/dev/null; do sleep 2; done
    "${as_postgres[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1; rm -rf "$dir" ) \
    </dev/null >/dev/null 2>&1 &
  disown 2>/dev/null || true
}

poet_pg_start
