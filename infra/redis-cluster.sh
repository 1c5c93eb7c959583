# A 6-node Redis Cluster (3 masters, 3 replicas) of redis-server processes on 7000-7005.
# Sourced by ./promo after lib.sh.

REDIS_DIR=$PROMO_DATA/redis

redis_node_pidfile() { echo "$PROMO_RUN/redis-$1.pid"; }

redis_cluster_ok() { redis-cli -p "${PROMO_REDIS_PORTS[0]}" cluster info 2>/dev/null | grep -q 'cluster_state:ok'; }

redis_cluster_known_nodes() { redis-cli -p "${PROMO_REDIS_PORTS[0]}" cluster info 2>/dev/null | awk -F: '/cluster_known_nodes/ {print $2+0}'; }

redis_start_node() { # redis_start_node PORT
  local port=$1 dir=$REDIS_DIR/$1
  mkdir -p "$dir"
  # cluster-node-timeout 2 s: a stopped master is replaced quickly, which the failover tests use.
  redis-server --port "$port" --bind 127.0.0.1 --protected-mode no --dir "$dir" \
    --cluster-enabled yes --cluster-config-file nodes.conf --cluster-node-timeout 2000 \
    --save '' --appendonly no --daemonize yes --pidfile "$(redis_node_pidfile "$port")" \
    --logfile "$PROMO_LOGS/redis-$port.log" >/dev/null
}

redis_up() {
  if redis_cluster_ok && [ "$(redis_cluster_known_nodes)" = 6 ]; then
    # a node of ours stopped by a failover test comes back (as a replica of its replacement)
    local port; for port in "${PROMO_REDIS_PORTS[@]}"; do
      port_open "$port" || [ ! -f "$REDIS_DIR/$port/nodes.conf" ] || redis_start_node "$port"
    done
    log "Redis Cluster already running on ${PROMO_REDIS_PORTS[0]}-${PROMO_REDIS_PORTS[5]}"; return
  fi
  ensure_package redis-server redis-server
  ensure_package redis-cli redis-tools
  local port
  for port in "${PROMO_REDIS_PORTS[@]}"; do
    if port_open "$port" && ! pid_alive "$(redis_node_pidfile "$port")"; then
      die "port $port is taken by a process ./promo did not start"
    fi
  done
  redis_down quiet
  # a leftover nodes.conf makes `cluster create` fail: always start from empty node folders
  rm -rf "$REDIS_DIR"
  for port in "${PROMO_REDIS_PORTS[@]}"; do redis_start_node "$port"; done
  for port in "${PROMO_REDIS_PORTS[@]}"; do
    wait_for 20 "redis $port" redis-cli -p "$port" ping || die "redis-server on $port did not start"
  done
  local nodes=(); for port in "${PROMO_REDIS_PORTS[@]}"; do nodes+=("127.0.0.1:$port"); done
  redis-cli --cluster create "${nodes[@]}" --cluster-replicas 1 --cluster-yes >"$PROMO_LOGS/redis-cluster-create.log" 2>&1 \
    || die "redis cluster create failed, see $PROMO_LOGS/redis-cluster-create.log"
  wait_for 30 "Redis Cluster (cluster_state:ok)" redis_cluster_ok || die "Redis Cluster did not reach cluster_state:ok"
  # replicas finish their first sync a moment later; wait so that a failover test starts from a synced cluster
  wait_for 30 "Redis replicas" bash -c "[ \$(redis-cli -p ${PROMO_REDIS_PORTS[0]} cluster nodes | grep -c ' connected') = 6 ]" || true
}

redis_down() {
  local port
  for port in "${PROMO_REDIS_PORTS[@]}"; do
    if [ "${1:-}" = quiet ]; then stop_pidfile "$(redis_node_pidfile "$port")" "redis $port" 2>/dev/null
    else stop_pidfile "$(redis_node_pidfile "$port")" "redis $port"; fi
  done
}

redis_status() {
  if redis_cluster_ok; then echo "redis        UP    127.0.0.1:${PROMO_REDIS_PORTS[0]}-${PROMO_REDIS_PORTS[5]} (cluster_state:ok, $(redis_cluster_known_nodes) nodes)"
  else echo "redis        DOWN"; fi
}
