# The platform's own MariaDB server: its own data folder under .promo/ and its own port
# (3307 by default), so it never depends on how a shared server on 3306 is set up.
# Sourced by ./promo after lib.sh.

MARIADB_DIR=$PROMO_DATA/mariadb
MARIADB_PID=$PROMO_RUN/mariadb.pid
MARIADB_SOCKET=$PROMO_RUN/mariadb.sock
# The application user every service and test connects with (see application defaults).
PROMO_DB_USER=promo
PROMO_DB_PASSWORD=promo

mariadb_client() { mariadb --no-defaults --protocol=socket --socket="$MARIADB_SOCKET" -uroot "$@"; }
# The application user over TCP: works for our own server and for one another checkout started.
mariadb_app_client() { mariadb --no-defaults --protocol=tcp -h127.0.0.1 -P"$PROMO_MARIADB_PORT" -u"$PROMO_DB_USER" -p"$PROMO_DB_PASSWORD" "$@"; }

mariadb_up() {
  if port_open "$PROMO_MARIADB_PORT"; then
    # ours from an earlier `up`, or one that another checkout of the platform started: reuse it
    command -v mariadb >/dev/null 2>&1 && mariadb_app_client -e 'select 1' >/dev/null 2>&1 \
      || die "port $PROMO_MARIADB_PORT is taken by a server that does not accept the promo user; set PROMO_MARIADB_PORT"
    log "MariaDB already running on $PROMO_MARIADB_PORT"
    mariadb_app_client <"$PROMO_ROOT/infra/mariadb/databases.sql"
    return
  fi
  ensure_package mariadbd mariadb-server
  ensure_package mariadb mariadb-client
  # Running as root needs an explicit --user=root; any other user runs the server as itself.
  local user; user=$(id -un)
  if [ ! -d "$MARIADB_DIR/mysql" ]; then
    log "initialising MariaDB data folder $MARIADB_DIR"
    mkdir -p "$MARIADB_DIR"
    mariadb-install-db --no-defaults --datadir="$MARIADB_DIR" --user="$user" \
      --auth-root-authentication-method=normal --skip-test-db >"$PROMO_LOGS/mariadb-install.log" 2>&1 \
      || die "mariadb-install-db failed, see $PROMO_LOGS/mariadb-install.log"
  fi
  # Settings for a development and test server: durability traded for speed (flush once a
  # second), room for six services' pools, no name resolution.
  without_inherited_fds mariadbd --no-defaults --user="$user" --datadir="$MARIADB_DIR" \
    --port="$PROMO_MARIADB_PORT" --bind-address=127.0.0.1 --socket="$MARIADB_SOCKET" \
    --pid-file="$MARIADB_DIR/mariadbd.pid" --log-error="$PROMO_LOGS/mariadb.log" \
    --skip-name-resolve --max-connections=2000 --innodb-buffer-pool-size=512M \
    --innodb-flush-log-at-trx-commit=2 --skip-log-bin --character-set-server=utf8mb4 \
    --collation-server=utf8mb4_unicode_ci --default-time-zone=+00:00 \
    </dev/null >/dev/null 2>&1 &
  echo $! >"$MARIADB_PID"
  wait_for 60 "MariaDB on $PROMO_MARIADB_PORT" mariadb_client -e 'select 1' \
    || die "MariaDB did not start, see $PROMO_LOGS/mariadb.log"
  mariadb_client <<SQL
CREATE USER IF NOT EXISTS '$PROMO_DB_USER'@'%' IDENTIFIED BY '$PROMO_DB_PASSWORD';
GRANT ALL PRIVILEGES ON *.* TO '$PROMO_DB_USER'@'%' WITH GRANT OPTION;
SQL
  mariadb_client <"$PROMO_ROOT/infra/mariadb/databases.sql"
}

mariadb_down() { stop_pidfile "$MARIADB_PID" MariaDB; }

mariadb_status() {
  if port_open "$PROMO_MARIADB_PORT"; then echo "mariadb      UP    127.0.0.1:$PROMO_MARIADB_PORT"
  else echo "mariadb      DOWN"; fi
}
