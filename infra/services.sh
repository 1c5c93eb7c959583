# The six applications as local processes. Sourced by ./promo after lib.sh.

# name:port:module, in start order (the gateway last).
PROMO_SERVICE_TABLE=(
  "activity-service:8081:activity-service"
  "coupon-service:8082:coupon-service"
  "claim-service:8083:claim-service"
  "crowd-sync-service:8084:crowd-sync-service"
  "discount-pricing-service:8085:discount-pricing-service"
  "gateway:8080:gateway"
)
PROMO_SERVICES=(); for entry in "${PROMO_SERVICE_TABLE[@]}"; do PROMO_SERVICES+=("${entry%%:*}"); done

service_field() { # service_field NAME INDEX (1 = port, 2 = module)
  local entry; for entry in "${PROMO_SERVICE_TABLE[@]}"; do
    [ "${entry%%:*}" = "$1" ] && { echo "$entry" | cut -d: -f$(($2 + 1)); return; }
  done
}

# service_jar NAME: the application's executable jar, or nothing when it was not built yet (never
# a failure: `up` on a fresh clone asks before anything is built).
service_jar() {
  local jar
  for jar in "$PROMO_ROOT/$(service_field "$1" 2)"/target/*.jar; do
    case $jar in *-plain.jar | *.original) continue ;; esac
    [ -f "$jar" ] && { echo "$jar"; return 0; }
  done
  return 0
}

# Rebuilds (without tests) when a jar is missing or any source or POM is newer than the oldest jar.
build_if_stale() {
  local name jar oldest=""
  for name in "${PROMO_SERVICES[@]}"; do
    jar=$(service_jar "$name")
    [ -n "$jar" ] || { oldest=""; break; }
    [ -z "$oldest" ] || [ "$jar" -ot "$oldest" ] && oldest=$jar
  done
  # the console's sources (and the OpenAPI documents its client is generated from) count too
  if [ -n "$oldest" ] && [ -z "$(find "$PROMO_ROOT" -path "$PROMO_STATE" -prune -o -path '*/target' -prune -o \
        -path '*/node_modules' -prune -o -path "$PROMO_ROOT/console/dist" -prune -o \
        \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' -o -path "$PROMO_ROOT/console/src/*" \
        -o -path "$PROMO_ROOT/console/package-lock.json" -o -path "$PROMO_ROOT/docs/openapi/*.json" \) -newer "$oldest" -print -quit)" ]; then
    log "build is up to date"
    return
  fi
  log "building the platform (./mvnw package, tests skipped)"
  (cd "$PROMO_ROOT" && ./mvnw -B -q -ntp -DskipTests clean package >"$PROMO_LOGS/build.log" 2>&1) \
    || die "build failed, see $PROMO_LOGS/build.log"
}

service_pidfile() { echo "$PROMO_RUN/$1.pid"; }

all_services_running() {
  local name
  for name in "${PROMO_SERVICES[@]}"; do pid_alive "$(service_pidfile "$name")" || return 1; done
}

service_health() { curl -fsS -m 2 "http://127.0.0.1:$(service_field "$1" 1)/readyz" 2>/dev/null | grep -q '"UP"'; }

services_up() {
  local name port jar
  export PROMO_JWT_SECRET=${PROMO_JWT_SECRET:-$PROMO_DEV_JWT_SECRET}
  # the gateway's development sign-in for the console (README "Tokens"): on here, off by default
  # everywhere else (docker-compose and deploy/ never set it)
  export PROMO_DEV_SIGN_IN=${PROMO_DEV_SIGN_IN:-true}
  for name in "${PROMO_SERVICES[@]}"; do
    port=$(service_field "$name" 1)
    if pid_alive "$(service_pidfile "$name")"; then log "$name already running"; continue; fi
    port_open "$port" && die "port $port is taken by a process ./promo did not start"
    # each runs an extracted copy of its jar (infra/extract-app says why)
    jar=$("$PROMO_ROOT/infra/extract-app" "$(service_jar "$name")" "$PROMO_RUN/$name") \
      || die "could not extract $(service_jar "$name")"
    # Small heaps: six JVMs share two cores and the infrastructure on a development machine.
    # PROMO_JAVA_OPTS replaces these (the benchmarks' figures come from this default).
    # shellcheck disable=SC2086
    without_inherited_fds java ${PROMO_JAVA_OPTS:--Xms256m -Xmx512m -XX:+UseSerialGC} -jar "$jar" --spring.profiles.active=local \
      </dev/null >"$PROMO_LOGS/$name.log" 2>&1 &
    echo $! >"$(service_pidfile "$name")"
    log "started $name (pid $!) on $port"
  done
  wait_all_services_up 300
}

wait_all_services_up() {
  local name deadline=$((SECONDS + $1))
  for name in "${PROMO_SERVICES[@]}"; do
    until service_health "$name"; do
      if [ -f "$(service_pidfile "$name")" ] && ! pid_alive "$(service_pidfile "$name")"; then
        tail -n 40 "$PROMO_LOGS/$name.log" >&2; die "$name exited during start-up, see $PROMO_LOGS/$name.log"
      fi
      [ $SECONDS -ge $deadline ] && die "$name not UP after $1 s, see $PROMO_LOGS/$name.log"
      sleep 1
    done
    log "$name UP"
  done
}

services_down() {
  local i
  for ((i = ${#PROMO_SERVICES[@]} - 1; i >= 0; i--)); do stop_pidfile "$(service_pidfile "${PROMO_SERVICES[$i]}")" "${PROMO_SERVICES[$i]}"; done
}

services_status() {
  local name port
  for name in "${PROMO_SERVICES[@]}"; do
    port=$(service_field "$name" 1)
    if service_health "$name"; then printf '%-24s UP    http://localhost:%s\n' "$name" "$port"
    elif pid_alive "$(service_pidfile "$name")"; then printf '%-24s STARTING (pid %s)\n' "$name" "$(cat "$(service_pidfile "$name")")"
    else printf '%-24s DOWN\n' "$name"; fi
  done
}

print_urls() {
  echo
  echo "The promo platform is up:"
  echo "  gateway (public API)      http://localhost:8080  (management: http://localhost:8090/actuator)"
  local name; for name in "${PROMO_SERVICES[@]}"; do
    [ "$name" = gateway ] && continue
    printf '  %-25s http://localhost:%s  (health: /actuator/health, metrics: /actuator/prometheus)\n' "$name" "$(service_field "$name" 1)"
  done
  echo "  MariaDB 127.0.0.1:$PROMO_MARIADB_PORT (promo/promo), Redis Cluster 127.0.0.1:7000-7005, Kafka 127.0.0.1:$PROMO_KAFKA_PORT"
  echo "  a token: ./promo token --role OPS --sub 1"
}
