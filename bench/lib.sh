# Benchmark helpers, sourced by ./promo bench. Figures come from wrk against this machine's own
# services; every run measures its baseline in the same run, and reports medians of rounds.

BENCH_ROUNDS=${BENCH_ROUNDS:-3}
BENCH_SECONDS=${BENCH_SECONDS:-8}
BENCH_CONNECTIONS=${BENCH_CONNECTIONS:-32}

ensure_wrk() { ensure_package wrk wrk; }

# wrk_once URL [TOKEN] [LUA]: prints "rps p50_ms p99_ms".
# BENCH_WRK_THREADS: wrk's threads (2; a script that chains requests on one connection needs one
# thread per connection, each thread's Lua state then sees one connection only).
wrk_once() {
  local url=$1 token=${2:-} script=${3:-} args=()
  [ -n "$token" ] && args+=(-H "Authorization: Bearer $token")
  [ -n "$script" ] && args+=(-s "$script")
  wrk -t"${BENCH_WRK_THREADS:-2}" -c"$BENCH_CONNECTIONS" -d"${BENCH_SECONDS}s" --latency "${args[@]}" "$url" 2>&1 | awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) } /^Requests\/sec/ { rps = $2 }
    /Non-2xx/ { bad = $NF }
    END { if (bad > 0) printf "ERROR non-2xx=%s\n", bad; else printf "%.0f %.2f %.2f\n", rps, p50, p99 }'
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# bench_rounds "NAME|URL|SCRIPT|TOKEN" ...: interleaved rounds over the endpoints, so noise hits
# them alike (an empty SCRIPT: plain GETs of URL; an empty TOKEN: no Authorization). Prints a table
# and leaves medians in BENCH_RPS[name], BENCH_P50[name], BENCH_P99[name].
declare -gA BENCH_RPS BENCH_P50 BENCH_P99
bench_rounds() {
  local round spec name url script token out r a b
  local -A rps p50 p99
  for round in $(seq 1 "$BENCH_ROUNDS"); do
    for spec in "$@"; do
      IFS='|' read -r name url script token <<<"$spec"
      out=$(wrk_once "$url" "$token" "$script")
      [[ $out == ERROR* ]] && die "$name answered errors during the run ($out): $url"
      read -r r a b <<<"$out"
      rps[$name]+="$r "; p50[$name]+="$a "; p99[$name]+="$b "
      log "round $round $name: $r req/s, p50 $a ms, p99 $b ms"
    done
  done
  printf '\n%-36s %12s %10s %10s\n' endpoint "req/s" "p50 ms" "p99 ms"
  for spec in "$@"; do
    name=${spec%%|*}
    BENCH_RPS[$name]=$(tr ' ' '\n' <<<"${rps[$name]}" | grep . | median)
    BENCH_P50[$name]=$(tr ' ' '\n' <<<"${p50[$name]}" | grep . | median)
    BENCH_P99[$name]=$(tr ' ' '\n' <<<"${p99[$name]}" | grep . | median)
    printf '%-36s %12s %10s %10s\n' "$name" "${BENCH_RPS[$name]}" "${BENCH_P50[$name]}" "${BENCH_P99[$name]}"
  done
}

# bench_endpoints NAME=URL[|TOKEN] ...: bench_rounds for plain GETs.
bench_endpoints() {
  local spec name target url token specs=()
  for spec in "$@"; do
    name=${spec%%=*}; target=${spec#*=}; url=${target%%|*}; token=""
    [[ $target == *"|"* ]] && token=${target#*|}
    specs+=("$name|$url||$token")
  done
  bench_rounds "${specs[@]}"
}

# redis_bench ARGS...: runs redis-benchmark -q and prints its last "... requests per second, p50=..." line
redis_bench() { redis-benchmark -q "$@" 2>/dev/null | tr '\r' '\n' | grep 'requests per second' | tail -1; }
# rps_of LINE / p50_of LINE: the figures of such a line
rps_of() { grep -o '[0-9.]* requests per second' <<<"$1" | awk '{print $1}'; }
p50_of() { grep -o 'p50=[0-9.]* msec' <<<"$1"; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0) ? a / b : 0 }'; }

# Publishes one platform event (an envelope) to Kafka with the broker's console producer.
kafka_publish() { # kafka_publish TOPIC KEY JSON
  printf '%s|%s\n' "$2" "$(jq -c . <<<"$3")" | kafka_java \
    org.apache.kafka.tools.ConsoleProducer --bootstrap-server "127.0.0.1:$PROMO_KAFKA_PORT" --topic "$1" \
    --reader-property parse.key=true --reader-property key.separator='|' >/dev/null 2>&1
}

json_field() { jq -r "$2" <<<"$1"; }

# --- CPU time of processes, from /proc (what a claim costs, not only how fast it is answered) ---

BENCH_CLK_TCK=$(getconf CLK_TCK)

# cpu_ticks PID: utime + stime of the process (all its threads) in clock ticks; 0 when it is gone.
# The command name in field 2 may hold spaces: fields are counted after its closing parenthesis.
cpu_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat" 2>/dev/null || echo 0; }

# cpu_snapshot NAME=PIDFILE ...: prints "NAME TICKS" per name (several files of one name are summed).
cpu_snapshot() {
  local spec name file
  for spec in "$@"; do
    name=${spec%%=*}; file=${spec#*=}
    [ -f "$file" ] && echo "$name $(cpu_ticks "$(cat "$file")")"
  done | awk '{ t[$1] += $2 } END { for (n in t) print n, t[n] }' | sort
}

# cpu_per_claim BEFORE AFTER SETTLED: "NAME MS" lines (CPU-ms per settled claim) and a "sum" line.
cpu_per_claim() {
  join "$1" "$2" | awk -v n="$3" -v hz="$BENCH_CLK_TCK" '
    BEGIN { if (n <= 0) n = 1 } # nothing settled: the raw CPU-ms, not a division by zero
    { ms = ($3 - $2) * 1000 / hz / n; sum += ms; printf "%s %.3f\n", $1, ms }
    END { printf "sum %.3f\n", sum }'
}

# cpu_idle_rate SECONDS NAME=PIDFILE ...: "NAME TICKS_PER_SECOND" of each process while nothing is
# sent to it (schedulers, consumers polling, health checks): what it costs whether claims come or not.
cpu_idle_rate() {
  local seconds=$1; shift
  local before; before=$(mktemp)
  cpu_snapshot "$@" >"$before"
  sleep "$seconds"
  cpu_snapshot "$@" | join "$before" - | awk -v s="$seconds" '{ printf "%s %.3f\n", $1, ($3 - $2) / s }'
  rm -f "$before"
}

# cpu_per_claim_above_idle BEFORE AFTER SETTLED IDLE_RATES SECONDS: as cpu_per_claim, less what each
# process spends idle over SECONDS (cpu_idle_rate's figures): the CPU the claims themselves cost.
# On a loaded machine the rate falls and the idle share of a raw per-claim figure grows with it.
cpu_per_claim_above_idle() {
  join "$1" "$2" | join - "$4" | awk -v n="$3" -v hz="$BENCH_CLK_TCK" -v s="$5" '
    BEGIN { if (n <= 0) n = 1 }
    { t = ($3 - $2) - $4 * s; if (t < 0) t = 0; ms = t * 1000 / hz / n; sum += ms; printf "%s %.3f\n", $1, ms }
    END { printf "sum %.3f\n", sum }'
}

# The processes of the platform: the six services, MariaDB, Kafka, the Redis nodes.
platform_cpu_specs() {
  local name port
  for name in "${PROMO_SERVICES[@]}"; do echo "$name=$(service_pidfile "$name")"; done
  echo "mariadb=$MARIADB_PID"
  echo "kafka=$KAFKA_PID"
  for port in "${PROMO_REDIS_PORTS[@]}"; do echo "redis=$(redis_node_pidfile "$port")"; done
}

# bench_workspace: the benchmarks' directory (BENCH_DIR), an operator's token (BENCH_OPS) and
# BENCH_USERS (4000) consumer tokens in $BENCH_DIR/consumer-tokens.txt, for the claim-path benchmarks.
bench_workspace() {
  BENCH_DIR=$PROMO_STATE/bench
  mkdir -p "$BENCH_DIR"
  BENCH_OPS=$(cmd_token --role OPS --sub 1)
  log "signing ${BENCH_USERS:-4000} consumer tokens"
  signed_tokens CONSUMER 90000001 "${BENCH_USERS:-4000}" "$BENCH_DIR/consumer-tokens.txt"
}

# signed_tokens ROLE FIRST_SUB COUNT FILE: COUNT development tokens (2 h), one a line, cached while fresh.
signed_tokens() {
  local role=$1 first=$2 count=$3 file=$4
  if [ -f "$file" ] && [ "$(wc -l <"$file")" -eq "$count" ] && [ -z "$(find "$file" -mmin +60)" ]; then return; fi
  "$JAVA_HOME/bin/java" "$PROMO_ROOT/bench/SignTokens.java" "${PROMO_JWT_SECRET:-$PROMO_DEV_JWT_SECRET}" \
    "$role" "$first" "$count" 7200 >"$file.tmp" && mv "$file.tmp" "$file"
}

# cpu_table: "NAME MS" lines and a "sum" line (cpu_per_claim's) as an indented table, the sum last.
cpu_table() {
  awk '$1 != "sum" { printf "    %-28s %8.3f\n", $1, $2 } $1 == "sum" { s = $2 } END { printf "    %-28s %8.3f", "ALL PROCESSES", s }'
}

# sum_of LINES: the "sum" line's figure of cpu_per_claim's (or median_per_name's) output.
sum_of() { awk '$1 == "sum" { print $2 }' <<<"$1"; }

# median_per_name: reads "NAME VALUE" lines, prints "NAME MEDIAN" per name.
median_per_name() {
  sort -k1,1 -k2,2n | awk '
    $1 != name { if (name != "") emit(); name = $1; n = 0 }
    { v[++n] = $2 }
    END { if (name != "") emit() }
    function emit() { printf "%s %s\n", name, (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2 }'
}

# service_up_with_env SERVICE NAME=VALUE...: the platform up, SERVICE running with these variables
# in its environment: a running SERVICE whose environment lacks one is stopped and started again
# with them (only SERVICE); it keeps them until ./promo down
service_up_with_env() {
  local service=$1 pidfile environ setting restart=0; shift
  pidfile=$(service_pidfile "$service")
  for setting in "$@"; do export "${setting?}"; done
  if pid_alive "$pidfile"; then
    environ=$(tr '\0' '\n' <"/proc/$(cat "$pidfile")/environ")
    for setting in "$@"; do grep -qxF "$setting" <<<"$environ" || restart=1; done
    if [ "$restart" = 1 ]; then
      log "restarting $service with $* for the bench"
      stop_pidfile "$pidfile" "$service"
      services_up >/dev/null # starts what is not running: $service
    fi
  fi
  cmd_up >/dev/null
}
