#!/bin/sh
# First start: initdb, the user and database the environment names, with a server listening on
# its socket only (as the official image does); then postgres as its user, on every interface.
set -eu
chown -R postgres:postgres "$PGDATA" /run/postgresql
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  pw=$(mktemp) && printf '%s\n' "${POSTGRES_PASSWORD:?}" >"$pw" && chown postgres "$pw"
  su postgres -s /bin/sh -c "initdb -D '$PGDATA' -U '${POSTGRES_USER:-postgres}' \
    --pwfile='$pw' --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8" >/dev/null
  rm -f "$pw"
  echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
  su postgres -s /bin/sh -c "pg_ctl -D '$PGDATA' -o '-c listen_addresses=' -w start" >/dev/null
  if [ "${POSTGRES_DB:-postgres}" != postgres ]; then
    su postgres -s /bin/sh -c "createdb -U '${POSTGRES_USER:-postgres}' '$POSTGRES_DB'"
  fi
  su postgres -s /bin/sh -c "pg_ctl -D '$PGDATA' -m fast -w stop" >/dev/null
fi
if [ "$1" = postgres ]; then
  exec su postgres -s /bin/sh -c 'exec "$0" "$@" -c listen_addresses="*"' -- "$@"
fi
exec "$@"
