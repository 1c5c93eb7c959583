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
  (without_inherited_fds redis-server --port "$port" --bind 127.0.0.1 --protected-mode no --dir "$dir" \
    --cluster-enabled yes --cluster-config-file nodes.conf --cluster-node-timeout 2000 \
    --save '' --appendonly no --daemonize yes --pidfile "$(redis_node_pidfile "$port")" \
    --logfile "$PROMO_LOGS/redis-$port.log" >/dev/null)
}

redis_up() {
  ensure_package redis-server redis-server
  ensure_package redis-cli redis-tools
  local port any_up=""
  for port in "${PROMO_REDIS_PORTS[@]}"; do port_open "$port" && any_up=1; done
  if [ -n "$any_up" ]; then
    # A cluster is there (ours, or one a failover test is exercising): never tear it down. Nodes
    # of ours that are down come back (a stopped master rejoins as a replica of its replacement).
    for port in "${PROMO_REDIS_PORTS[@]}"; do
      port_open "$port" || [ ! -f "$REDIS_DIR/$port/nodes.conf" ] || redis_start_node "$port"
    done
    wait_for 60 "Redis Cluster on ${PROMO_REDIS_PORTS[0]}-${PROMO_REDIS_PORTS[5]} (cluster_state:ok)" redis_cluster_ok \
      || die "something answers on ${PROMO_REDIS_PORTS[0]}-${PROMO_REDIS_PORTS[5]} but is not a healthy Redis Cluster"
    return
  fi
  # nothing runs: a new cluster, from empty node folders (a leftover nodes.conf makes `create` fail)
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
  for port in "${PROMO_REDIS_PORTS[@]}"; do stop_pidfile "$(redis_node_pidfile "$port")" "redis $port"; done
}

redis_status() {
  if redis_cluster_ok; then echo "redis        UP    127.0.0.1:${PROMO_REDIS_PORTS[0]}-${PROMO_REDIS_PORTS[5]} (cluster_state:ok, $(redis_cluster_known_nodes) nodes)"
  else echo "redis        DOWN"; fi
}
