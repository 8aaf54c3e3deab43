# Sourced by load.sh and record-storage.sh: a PostgreSQL cluster made for one run, from Debian's postgresql.
# Owned by postgres (the scripts may run as root), its socket in its own directory, listening on loopback only,
# with default settings. The app's user, salary, owns the database salary, so the app's migrations make the
# tables at start, as by default. Expects pg_bin, pg_dir (an empty directory) and pg_port; sets pg_password.

as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# psql as USER, on the run's cluster: psql_as USER ARGS...
psql_as() { local user=$1; shift; as_postgres "$pg_bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$pg_dir" -p "$pg_port" -U "$user" "$@"; }

start_postgres() {
  pg_password=$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')
  [ "$(id -u)" != 0 ] || chown postgres: "$pg_dir"
  as_postgres "$pg_bin/initdb" --pgdata="$pg_dir/data" --username=postgres --auth-local=trust \
      --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 --no-instructions >"$pg_dir/initdb.log" 2>&1 \
    || { cat "$pg_dir/initdb.log" >&2; return 1; }
  as_postgres "$pg_bin/pg_ctl" --pgdata="$pg_dir/data" --log="$pg_dir/server.log" --wait --timeout=60 \
      -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1" start >/dev/null \
    || { echo "PostgreSQL did not start:" >&2; tail -n 20 "$pg_dir/server.log" >&2; return 1; }
  psql_as postgres -d postgres -c "CREATE ROLE salary LOGIN PASSWORD '$pg_password'" \
      -c "CREATE DATABASE salary OWNER salary"
}

# Stops the cluster at once and removes it; quiet, for an exit trap.
stop_postgres() {
  [ -n "${pg_dir:-}" ] || return 0
  as_postgres "$pg_bin/pg_ctl" --pgdata="$pg_dir/data" --mode=immediate stop >/dev/null 2>&1 || true
  rm -rf "$pg_dir"
}
