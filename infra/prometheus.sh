# Prometheus and Alertmanager as local processes (`./promo up --monitoring` or PROMO_MONITORING=1),
# from Debian's packages. The packages' own system services are never used: each runs with its
# data under .promo/data, its pid under .promo/run and its log under .promo/logs.
# Sourced by ./promo after lib.sh.

PROMO_PROMETHEUS_PORT=9090
# 9093 is the Kafka controller's
PROMO_ALERTMANAGER_PORT=9094
PROMETHEUS_PID=$PROMO_RUN/prometheus.pid
ALERTMANAGER_PID=$PROMO_RUN/alertmanager.pid

# promtool comes with the prometheus package
ensure_prometheus() { ensure_package prometheus prometheus; ensure_package promtool prometheus; }

monitoring_wanted() { # monitoring_wanted ARGS...: --monitoring among the arguments, or PROMO_MONITORING=1
  [ "${PROMO_MONITORING:-0}" = 1 ] && return 0
  local arg; for arg in "$@"; do [ "$arg" = --monitoring ] && return 0; done
  return 1
}

monitoring_up() {
  ensure_prometheus
  ensure_package prometheus-alertmanager prometheus-alertmanager
  local dir=$PROMO_ROOT/infra/prometheus
  if pid_alive "$ALERTMANAGER_PID"; then log "Alertmanager already running"
  else
    port_open "$PROMO_ALERTMANAGER_PORT" && die "port $PROMO_ALERTMANAGER_PORT is taken by a process ./promo did not start"
    mkdir -p "$PROMO_DATA/alertmanager"
    # no cluster listener: one local Alertmanager (its default cluster port is 9094, ours)
    without_inherited_fds prometheus-alertmanager --config.file="$dir/alertmanager.yml" \
      --storage.path="$PROMO_DATA/alertmanager" --web.listen-address="127.0.0.1:$PROMO_ALERTMANAGER_PORT" \
      --cluster.listen-address= </dev/null >"$PROMO_LOGS/alertmanager.log" 2>&1 &
    echo $! >"$ALERTMANAGER_PID"
    wait_for 30 "Alertmanager on $PROMO_ALERTMANAGER_PORT" curl -fsS "http://127.0.0.1:$PROMO_ALERTMANAGER_PORT/-/ready" \
      || die "Alertmanager did not start, see $PROMO_LOGS/alertmanager.log"
  fi
  if pid_alive "$PROMETHEUS_PID"; then log "Prometheus already running"
  else
    port_open "$PROMO_PROMETHEUS_PORT" && die "port $PROMO_PROMETHEUS_PORT is taken by a process ./promo did not start"
    mkdir -p "$PROMO_DATA/prometheus"
    # retention beyond the 3-day window of the SLO tickets; lifecycle: curl -X POST .../-/reload
    without_inherited_fds prometheus --config.file="$dir/prometheus.local.yml" \
      --storage.tsdb.path="$PROMO_DATA/prometheus" --storage.tsdb.retention.time=4d \
      --web.listen-address="127.0.0.1:$PROMO_PROMETHEUS_PORT" --web.enable-lifecycle \
      </dev/null >"$PROMO_LOGS/prometheus.log" 2>&1 &
    echo $! >"$PROMETHEUS_PID"
    wait_for 60 "Prometheus on $PROMO_PROMETHEUS_PORT" curl -fsS "http://127.0.0.1:$PROMO_PROMETHEUS_PORT/-/ready" \
      || die "Prometheus did not start, see $PROMO_LOGS/prometheus.log"
  fi
}

monitoring_down() { stop_pidfile "$PROMETHEUS_PID" Prometheus; stop_pidfile "$ALERTMANAGER_PID" Alertmanager; }

monitoring_status() {
  pid_alive "$PROMETHEUS_PID" && echo "prometheus   UP    http://localhost:$PROMO_PROMETHEUS_PORT"
  pid_alive "$ALERTMANAGER_PID" && echo "alertmanager UP    http://localhost:$PROMO_ALERTMANAGER_PORT"
  return 0
}
