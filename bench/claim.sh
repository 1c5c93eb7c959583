# ./promo bench claim [PART,...]: the claim path against its baselines, in one run. Parts (all by
# default; or BENCH_CLAIM_PARTS=baseline,gate,drain,sustained):
#  baseline   redis-benchmark PING and EVALSHA of claim.lua on the slot's master; GET /ping of
#             claim-service; POST claims on claim-service and on the naive design (bench/naive-claim:
#             one transaction per claim on one hot row, same libraries, same JVM options), same wrk
#             script and users on one hot template, interleaved rounds; CPU-ms per settled claim of
#             every process of each path, read from /proc before the load and after the backlog
#             has drained.
#  gate       the wallet's claim consumer paused (/actuator/kafkalisteners): the Redis gate alone
#             under a 64-connection stampede, next to /ping and to the naive design.
#  drain      settlement alone: a backlog of BENCH_DRAIN_CLAIMS accepted claims built while the
#             consumer is paused, then the time to settle it after the resume, and its CPU.
#  sustained  an open-model load (Gatling) of BENCH_SUSTAINED_RATE claims/s for
#             BENCH_SUSTAINED_SECONDS: pending every 5 s, the drain after it, 201 -> ISSUED p50/p99.
# Every part ends with the books of its template checked (drift before reconciling, wallet coupons
# against issued, nothing oversold), then reconciled. A summary of every figure comes last.

BENCH_NAIVE_PORT=${BENCH_NAIVE_PORT:-8091}
BENCH_NAIVE_PID=$PROMO_RUN/bench-naive-claim.pid
BENCH_NAIVE_DB=${BENCH_NAIVE_DB:-promo_bench_naive}
# infra/services.sh's default, so that the baseline runs on the same JVM settings as the services
BENCH_JAVA_OPTS=${PROMO_JAVA_OPTS:--Xms256m -Xmx512m -XX:+UseSerialGC}
BENCH_DRAIN_TIMEOUT=${BENCH_DRAIN_TIMEOUT:-900}

declare -ga BENCH_SUMMARY=()
summary() { BENCH_SUMMARY+=("$(printf -- "$@")"); }

bench_claim() {
  local parts=${1:-${BENCH_CLAIM_PARTS:-baseline,gate,drain,sustained}} part
  for part in ${parts//,/ }; do
    [[ $part =~ ^(baseline|gate|drain|sustained)$ ]] || die "unknown part $part (parts: baseline,gate,drain,sustained)"
  done
  ensure_wrk
  use_jdk
  cmd_up >/dev/null
  bench_workspace
  trap bench_claim_cleanup EXIT

  summary '%s' "MariaDB innodb_flush_log_at_trx_commit = $(mariadb_app_client -N -e 'SELECT @@innodb_flush_log_at_trx_commit') (both paths, same server)"

  # one activity, one fresh template per part (its own stock and per-user counts)
  local -A template
  local names=() name
  for part in ${parts//,/ }; do names+=("$part"); done
  seed_claim_templates template "${names[@]}"

  if [[ ,$parts, == *,baseline,* || ,$parts, == *,gate,* ]]; then naive_up; fi
  for part in ${parts//,/ }; do
    "bench_claim_$part" "${template[$part]}"
  done

  bench_claim_summary
}

bench_claim_summary() {
  echo
  echo "================ claim benchmark summary ================"
  printf '%s\n' "${BENCH_SUMMARY[@]}"
  BENCH_SUMMARY_SHOWN=1
}

bench_claim_cleanup() {
  # a part that failed: the figures of the parts before it still count
  [ -z "${BENCH_SUMMARY_SHOWN:-}" ] && [ ${#BENCH_SUMMARY[@]} -gt 1 ] && bench_claim_summary
  # never leave the wallet paused or the baseline running behind
  [ -n "${BENCH_WALLET_PAUSED:-}" ] && wallet_consumer running >/dev/null 2>&1
  stop_pidfile "$BENCH_NAIVE_PID" bench-naive-claim
}

# seed_claim_templates ARRAY NAME...: one COUPON activity running in 10 s, and per NAME a template of
# 10,000,000 units and 100 per user (the contract's maximum), enabled, its claim state in Redis.
seed_claim_templates() { seed_templates "$1" COUPON "${@:2}"; }

# seed_templates ARRAY KIND NAME...: one activity of KIND (COUPON: AMOUNT_OFF templates; FLASH_SALE:
# SPECIAL_PRICE templates, i.e. flash sales) running in 10 s, and per NAME a template of 10,000,000
# units and 100 per user, enabled, known to claim-service.
seed_templates() {
  local -n ids=$1; local kind=$2; shift 2
  local now running seller merchant activity name id stock=10000000 limit=100 type value
  case $kind in
    COUPON) type=AMOUNT_OFF; value='"amountOff":1000' ;;
    FLASH_SALE) type=SPECIAL_PRICE; value='"specialPrice":1888' ;;
    *) die "unknown activity kind $kind" ;;
  esac
  now=$(date -u +%s); running=$((now + 10))
  seller=$((RANDOM * 1000 + RANDOM)); merchant=$(cmd_token --role MERCHANT --sub "$seller")
  iso() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }
  log "seeding: $kind templates of $stock units, $limit per user ($*), whose activity runs in 10 s"
  activity=$(curl -fsS -X POST localhost:8081/ops/activities -H "Authorization: Bearer $BENCH_OPS" -H 'Content-Type: application/json' \
    -d "{\"title\":\"Bench $kind\",\"kind\":\"$kind\",\"cityIds\":[\"310000\"],\"couponTypes\":[\"$type\"],
         \"valueLowerLimit\":100,\"valueUpperLimit\":50000,\"applyStartTime\":\"$(iso $((now - 5)))\",
         \"applyEndTime\":\"$(iso $running)\",\"activityStartTime\":\"$(iso $running)\",\"activityEndTime\":\"$(iso $((now + 86400)))\"}" | jq -r .id)
  curl -fsS -X POST "localhost:8081/ops/activities/$activity/publish" -H "Authorization: Bearer $BENCH_OPS" >/dev/null
  BENCH_ACTIVITY=$activity # the published activity, for the benchmarks that read it
  wait_for 30 "sign-up" bash -c "curl -fsS -X POST localhost:8082/merchant/activities/$activity/signups -H 'Authorization: Bearer $merchant' -o /dev/null" \
    || die "the merchant could not sign up to activity $activity"
  for name in "$@"; do
    id=$(curl -fsS -X POST localhost:8082/merchant/coupon-templates -H "Authorization: Bearer $merchant" -H 'Content-Type: application/json' \
      -d "{\"activityId\":\"$activity\",\"cityId\":\"310000\",\"type\":\"$type\",\"title\":\"Bench $name\",$value,
           \"totalStock\":$stock,\"perUserLimit\":$limit,\"validity\":{\"type\":\"FLOATING\",\"days\":30}}" | jq -r .id)
    curl -fsS -X POST "localhost:8082/merchant/coupon-templates/$id/enable" -H "Authorization: Bearer $merchant" >/dev/null
    ids[$name]=$id
  done
  for name in "$@"; do
    wait_for 60 "claim state of template ${ids[$name]} ($name)" curl -fsS "localhost:8083/ops/coupon-templates/${ids[$name]}/stock" -H "Authorization: Bearer $BENCH_OPS" \
      || die "template ${ids[$name]} never reached claim-service"
  done
  while [ "$(date -u +%s)" -le "$running" ]; do sleep 0.5; done
}

# claim_script FILE PATH: a wrk script that POSTs to PATH as random users of the token file (each
# wrk thread seeded on its own: unseeded, every thread would send the same users at the same time).
claim_script() {
  cat >"$1" <<LUA
local tokens = {}
for line in io.lines("$BENCH_DIR/consumer-tokens.txt") do tokens[#tokens + 1] = line end
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("seed", threads)
end
init = function()
  math.randomseed(seed * 7919 + os.time())
end
request = function()
  return wrk.format('POST', '$2', {['Authorization'] = 'Bearer ' .. tokens[math.random(#tokens)]}, nil)
end
LUA
}

stock_of() { curl -fsS -m 10 "localhost:8083/ops/coupon-templates/$1/stock" -H "Authorization: Bearer $BENCH_OPS"; }
pending_of() { stock_of "$1" | jq -r .pending; }

# settled_of TEMPLATE: claims the wallet has decided (issued + rejected). The stock endpoint's
# rejected count when it has one, else the ledger's.
settled_of() {
  local stock rejected
  stock=$(stock_of "$1")
  rejected=$(jq -r '.rejected // empty' <<<"$stock")
  [ -n "$rejected" ] || rejected=$(mariadb_app_client -N promo_claim -e "SELECT COUNT(*) FROM claim WHERE template_id = $1 AND status = 'REJECTED'" 2>/dev/null || echo 0)
  echo $(( $(jq -r .issued <<<"$stock") + rejected ))
}

# wait_drained TEMPLATE: until nothing is pending (BENCH_DRAIN_TIMEOUT), logging progress.
wait_drained() {
  local deadline=$((SECONDS + BENCH_DRAIN_TIMEOUT)) pending last=$SECONDS
  while :; do
    pending=$(pending_of "$1")
    [ "$pending" = 0 ] && return 0
    [ $SECONDS -ge $deadline ] && die "template $1 still has $pending pending claims after $BENCH_DRAIN_TIMEOUT s"
    if [ $((SECONDS - last)) -ge 10 ]; then log "waiting for the settlement: $pending pending"; last=$SECONDS; fi
    sleep 0.25
  done
}

# books_check TEMPLATE LABEL: after the drain, the books before reconciling (drift: what Redis's
# remaining stock is off by; wallet coupons against issued; nothing oversold), then the reconciliation.
books_check() {
  local template=$1 label=$2 before drift wallet report after
  wait_drained "$template"
  before=$(stock_of "$template")
  drift=$(jq '.total - .issued - .pending - .remaining' <<<"$before")
  wallet=$(wallet_coupons "$template")
  report=$(curl -fsS -X POST "localhost:8083/ops/coupon-templates/$template/reconcile" -H "Authorization: Bearer $BENCH_OPS")
  after=$(stock_of "$template")
  echo "books of $label (template $template) before reconciling: $before"
  echo "  drift found (total - issued - pending - remaining): $drift; wallet coupons: $wallet; reconciliation: $report"
  jq -e '.issued <= .total and (.remaining + .issued + .pending) == .total' <<<"$after" >/dev/null \
    || die "oversell check failed for $label: $after"
  if [ "$wallet" != n/a ] && [ "$wallet" != "$(jq -r .issued <<<"$before")" ]; then
    die "the wallet holds $wallet coupons of template $template but claim-service counts $(jq -r .issued <<<"$before") issued"
  fi
  summary '%-40s drift before reconciling %s, issued %s, wallet coupons %s: OK (nothing oversold)' \
    "books after $label:" "$drift" "$(jq -r .issued <<<"$before")" "$wallet"
}

# wallet_coupons TEMPLATE: the coupons of the template in every physical wallet table, or n/a.
wallet_coupons() {
  local tables table sum=0
  tables=$(mariadb_app_client -N -e "SELECT CONCAT(table_schema, '.', table_name) FROM information_schema.tables
    WHERE table_schema REGEXP '^promo_coupon_[0-9]+\$' AND table_name REGEXP '^user_coupon_[0-9]+\$'" 2>/dev/null) || { echo n/a; return; }
  [ -n "$tables" ] || { echo n/a; return; }
  for table in $tables; do
    sum=$((sum + $(mariadb_app_client -N -e "SELECT COUNT(*) FROM $table WHERE template_id = $1")))
  done
  echo "$sum"
}

# --- the wallet's claim consumer, through coupon-service's /actuator/kafkalisteners ---

wallet_consumer_id() {
  curl -fsS localhost:8082/actuator/kafkalisteners -H "Authorization: Bearer $BENCH_OPS" | jq -r '
    if has("wallet-settlement") then "wallet-settlement"
    else [to_entries[] | select(.value.topics | index("promo.claim-events")) | .key][0] // empty end'
}

# wallet_consumer paused|running: asks for the state and waits until the consumer has taken it.
wallet_consumer() {
  local id encoded state
  id=$(wallet_consumer_id); [ -n "$id" ] || die "coupon-service lists no listener of promo.claim-events at /actuator/kafkalisteners"
  encoded=$(jq -rn --arg id "$id" '$id | @uri')
  curl -fsS -X POST "localhost:8082/actuator/kafkalisteners/$encoded" -H "Authorization: Bearer $BENCH_OPS" \
    -H 'Content-Type: application/json' -d "{\"state\":\"$1\"}" >/dev/null || die "could not set the wallet's consumer $id $1"
  if [ "$1" = paused ]; then BENCH_WALLET_PAUSED=1; else BENCH_WALLET_PAUSED=; fi
  for _ in $(seq 1 240); do
    state=$(curl -fsS "localhost:8082/actuator/kafkalisteners/$encoded" -H "Authorization: Bearer $BENCH_OPS" | jq -r .state)
    [ "$state" = "$1" ] && { log "wallet consumer $id $1"; return 0; }
    sleep 0.25
  done
  die "the wallet's consumer $id is $state, not $1, after 60 s"
}

# --- the naive baseline (bench/naive-claim) ---

naive_jar() { ls "$PROMO_ROOT"/bench/naive-claim/target/bench-naive-claim-*.jar 2>/dev/null | grep -v original | head -1; }

naive_up() {
  local jar; jar=$(naive_jar)
  if [ -z "$jar" ] || [ -n "$(find "$PROMO_ROOT/bench/naive-claim" -path '*/target' -prune -o -type f -newer "$jar" -print -quit)" ]; then
    log "building the naive baseline (bench/naive-claim)"
    (cd "$PROMO_ROOT" && ./mvnw -B -q -ntp -DskipTests package -pl bench/naive-claim -am >"$PROMO_LOGS/build-naive.log" 2>&1) \
      || die "build failed, see $PROMO_LOGS/build-naive.log"
    jar=$(naive_jar)
  fi
  mariadb_app_client -e "CREATE DATABASE IF NOT EXISTS $BENCH_NAIVE_DB"
  if ! pid_alive "$BENCH_NAIVE_PID"; then
    port_open "$BENCH_NAIVE_PORT" && die "port $BENCH_NAIVE_PORT is taken; set BENCH_NAIVE_PORT"
    # shellcheck disable=SC2086
    PROMO_JWT_SECRET=${PROMO_JWT_SECRET:-$PROMO_DEV_JWT_SECRET} java $BENCH_JAVA_OPTS -jar "$jar" --spring.profiles.active=local \
      --server.port="$BENCH_NAIVE_PORT" \
      --spring.datasource.url="jdbc:mariadb://127.0.0.1:$PROMO_MARIADB_PORT/$BENCH_NAIVE_DB" \
      </dev/null >"$PROMO_LOGS/bench-naive-claim.log" 2>&1 &
    echo $! >"$BENCH_NAIVE_PID"
  fi
  wait_for 120 "naive baseline on $BENCH_NAIVE_PORT" bash -c "curl -fsS localhost:$BENCH_NAIVE_PORT/actuator/health/readiness | grep -q UP" \
    || { tail -n 30 "$PROMO_LOGS/bench-naive-claim.log" >&2; die "the naive baseline did not start, see $PROMO_LOGS/bench-naive-claim.log"; }
}

# naive_template: a fresh naive template with the same stock and per-user limit as ours
naive_template() {
  curl -fsS -X POST "localhost:$BENCH_NAIVE_PORT/ops/coupon-templates" -H "Authorization: Bearer $BENCH_OPS" \
    -H 'Content-Type: application/json' -d '{"totalStock":10000000,"perUserLimit":100}' | jq -r .id
}
naive_claimed() { curl -fsS "localhost:$BENCH_NAIVE_PORT/ops/coupon-templates/$1" -H "Authorization: Bearer $BENCH_OPS" | jq -r .claimed; }

naive_books() {
  local row; row=$(curl -fsS "localhost:$BENCH_NAIVE_PORT/ops/coupon-templates/$1" -H "Authorization: Bearer $BENCH_OPS")
  jq -e '.claimed == .coupons and .claimed <= .totalStock' <<<"$row" >/dev/null || die "the naive baseline's books disagree: $row"
  summary '%-40s claimed %s = coupons %s: OK' "books of the naive baseline:" "$(jq -r .claimed <<<"$row")" "$(jq -r .coupons <<<"$row")"
}

# ping_round LABEL: one wrk run of claim-service's GET /ping; leaves "rps p50 p99" in BENCH_PING_ROUND.
ping_round() {
  local out r a b
  out=$(wrk_once "http://127.0.0.1:8083/ping"); [[ $out == ERROR* ]] && die "/ping answered errors: $out"
  read -r r a b <<<"$out"
  log "$1: $r req/s, p50 $a ms, p99 $b ms"
  BENCH_PING_ROUND=$out
}

# claim_cpu_round TEMPLATE SCRIPT CPU_FILE LABEL [BASE]: one wrk run of claims on claim-service (or
# on BASE, e.g. the gateway's http://127.0.0.1:8080), and the CPU of every platform process from
# before it until its backlog has settled, per settled claim (appended to CPU_FILE). Leaves
# "rps p50 p99" in BENCH_CLAIM_ROUND.
claim_cpu_round() {
  local template=$1 script=$2 cpu=$3 label=$4 base=${5:-http://127.0.0.1:8083} specs before settled out r a b
  mapfile -t specs < <(platform_cpu_specs)
  local started=$EPOCHREALTIME
  cpu_snapshot "${specs[@]}" >"$BENCH_DIR/cpu-before"; before=$(settled_of "$template")
  out=$(wrk_once "$base/api/coupon-templates/$template/claims" "" "$script")
  [[ $out == ERROR* ]] && die "$base answered errors: $out"
  wait_drained "$template"
  cpu_snapshot "${specs[@]}" >"$BENCH_DIR/cpu-after"; settled=$(( $(settled_of "$template") - before ))
  cpu_per_claim "$BENCH_DIR/cpu-before" "$BENCH_DIR/cpu-after" "$settled" >>"$cpu"
  # with the idle rates of the baseline part (BENCH_IDLE_RATES), the same less what idling costs
  if [ -n "${BENCH_IDLE_RATES:-}" ]; then
    cpu_per_claim_above_idle "$BENCH_DIR/cpu-before" "$BENCH_DIR/cpu-after" "$settled" "$BENCH_IDLE_RATES" \
      "$(awk -v a="$started" -v b="$EPOCHREALTIME" 'BEGIN { print b - a }')" >>"${cpu%.txt}-above-idle.txt"
  fi
  read -r r a b <<<"$out"
  log "$label: $r req/s, p50 $a ms, p99 $b ms; $settled settled, $(tail -1 "$cpu" | awk '{print $2}') CPU-ms per claim"
  BENCH_CLAIM_ROUND=$out
}

# --- the parts ---

bench_claim_baseline() {
  local template=$1 naive round out r a b before after settled
  naive=$(naive_template)
  claim_script "$BENCH_DIR/claim.lua" "/api/coupon-templates/$template/claims"
  claim_script "$BENCH_DIR/naive.lua" "/api/coupon-templates/$naive/claims"
  local naive_specs=("bench-naive-claim=$BENCH_NAIVE_PID" "mariadb=$MARIADB_PID")

  # (a) Redis itself, on the master that owns this template's slot
  local slot port sha t="{t:bench$(date +%s)}"
  slot=$(redis-cli -p "${PROMO_REDIS_PORTS[0]}" cluster keyslot "$t:stock")
  port=$(redis-cli -p "${PROMO_REDIS_PORTS[0]}" cluster nodes | awk -v s="$slot" '$3 ~ /master/ && $3 !~ /fail/ { for (i = 9; i <= NF; i++) { split($i, r, "-"); if (r[2] == "") r[2] = r[1]; if (s >= r[1] && s <= r[2]) { split($2, a, "[:@]"); print a[2] } } }')
  sha=$(redis-cli -p "$port" script load "$(cat "$PROMO_ROOT/claim-service/src/main/resources/scripts/claim.lua")")
  redis-cli -p "$port" hset "$t:meta" status ENABLED start 0 end 99999999999999 limit 1000000000 audience ALL >/dev/null
  redis-cli -p "$port" set "$t:stock" 1000000000 >/dev/null
  local evalsha_out ping_out
  ping_out=$(redis_bench -p "$port" -n 200000 -c 50 PING)
  evalsha_out=$(redis_bench -p "$port" -n 200000 -c 50 -r 1000000 EVALSHA "$sha" 6 "$t:meta" "$t:stock" "$t:users" "$t:idem" "$t:pending" "$t:claims" \
    "__rand_int__" "" "c__rand_int__" "$(date +%s)000" 1)
  redis-cli -p "$port" del "$t:meta" "$t:stock" "$t:users" "$t:idem" "$t:pending" "$t:claims" >/dev/null

  # warm-up: the JITs of both paths, not measured
  local BENCH_SECONDS_MEASURED=$BENCH_SECONDS
  BENCH_SECONDS=${BENCH_WARMUP_SECONDS:-5}
  log "warming up /ping, claims (ours) and claims (naive) for $BENCH_SECONDS s each"
  wrk_once "http://127.0.0.1:8083/ping" >/dev/null
  wrk_once "http://127.0.0.1:8083/api/coupon-templates/$template/claims" "" "$BENCH_DIR/claim.lua" >/dev/null
  wrk_once "http://127.0.0.1:$BENCH_NAIVE_PORT/api/coupon-templates/$naive/claims" "" "$BENCH_DIR/naive.lua" >/dev/null
  BENCH_SECONDS=$BENCH_SECONDS_MEASURED
  wait_drained "$template"

  # (b) /ping, (c) our claims, (d) the naive claims: interleaved rounds; CPU around (c) and (d),
  # (c) measured until its backlog has settled
  # what every process costs idle (the platform's schedulers and pollers, the baseline's pool), so
  # that the per-claim figures can also be given above idle: a loaded machine answers fewer claims
  # per second, and the raw figure then carries more idle time per claim
  local specs
  mapfile -t specs < <(platform_cpu_specs)
  BENCH_IDLE_RATES=$BENCH_DIR/cpu-idle-rates
  log "measuring every process idle for $BENCH_SECONDS s"
  cpu_idle_rate "$BENCH_SECONDS" "${specs[@]}" "bench-naive-claim=$BENCH_NAIVE_PID" >"$BENCH_IDLE_RATES"

  local -A rps p50 p99
  : >"$BENCH_DIR/cpu-ours.txt"; : >"$BENCH_DIR/cpu-naive.txt"
  : >"$BENCH_DIR/cpu-ours-above-idle.txt"; : >"$BENCH_DIR/cpu-naive-above-idle.txt"
  for round in $(seq 1 "$BENCH_ROUNDS"); do
    ping_round "round $round /ping"
    read -r r a b <<<"$BENCH_PING_ROUND"; rps[ping]+="$r "; p50[ping]+="$a "; p99[ping]+="$b "

    claim_cpu_round "$template" "$BENCH_DIR/claim.lua" "$BENCH_DIR/cpu-ours.txt" "round $round claims (ours)"
    read -r r a b <<<"$BENCH_CLAIM_ROUND"; rps[ours]+="$r "; p50[ours]+="$a "; p99[ours]+="$b "

    local started=$EPOCHREALTIME
    cpu_snapshot "${naive_specs[@]}" >"$BENCH_DIR/cpu-before"; before=$(naive_claimed "$naive")
    out=$(wrk_once "http://127.0.0.1:$BENCH_NAIVE_PORT/api/coupon-templates/$naive/claims" "" "$BENCH_DIR/naive.lua")
    [[ $out == ERROR* ]] && die "the naive baseline answered errors: $out"
    read -r r a b <<<"$out"; rps[naive]+="$r "; p50[naive]+="$a "; p99[naive]+="$b "
    cpu_snapshot "${naive_specs[@]}" >"$BENCH_DIR/cpu-after"; settled=$(( $(naive_claimed "$naive") - before ))
    cpu_per_claim "$BENCH_DIR/cpu-before" "$BENCH_DIR/cpu-after" "$settled" >>"$BENCH_DIR/cpu-naive.txt"
    cpu_per_claim_above_idle "$BENCH_DIR/cpu-before" "$BENCH_DIR/cpu-after" "$settled" "$BENCH_IDLE_RATES" \
      "$(awk -v a="$started" -v b="$EPOCHREALTIME" 'BEGIN { print b - a }')" >>"$BENCH_DIR/cpu-naive-above-idle.txt"
    log "round $round claims (naive): $r req/s, p50 $a ms, p99 $b ms; $settled claimed, $(tail -1 "$BENCH_DIR/cpu-naive.txt" | awk '{print $2}') CPU-ms per claim"
  done
  local -A med_rps med_p50 med_p99
  local key
  for key in ping ours naive; do
    med_rps[$key]=$(tr ' ' '\n' <<<"${rps[$key]}" | grep . | median)
    med_p50[$key]=$(tr ' ' '\n' <<<"${p50[$key]}" | grep . | median)
    med_p99[$key]=$(tr ' ' '\n' <<<"${p99[$key]}" | grep . | median)
  done
  local ping_rps evalsha_rps
  ping_rps=$(rps_of "$ping_out"); evalsha_rps=$(rps_of "$evalsha_out")
  summary ''
  summary '-- baseline: %s rounds of %s s, %s connections, %s users on one hot template (medians) --' \
    "$BENCH_ROUNDS" "$BENCH_SECONDS" "$BENCH_CONNECTIONS" "${BENCH_USERS:-4000}"
  summary '%-40s %10s req/s  %s' "redis-benchmark PING (port $port)" "$ping_rps" "$(p50_of "$ping_out")"
  summary '%-40s %10s req/s  %s' "redis-benchmark EVALSHA claim.lua" "$evalsha_rps" "$(p50_of "$evalsha_out")"
  summary '%-40s %10s req/s  p50 %s ms  p99 %s ms' "claim-service GET /ping" "${med_rps[ping]}" "${med_p50[ping]}" "${med_p99[ping]}"
  summary '%-40s %10s req/s  p50 %s ms  p99 %s ms' "claims, ours (settlement running)" "${med_rps[ours]}" "${med_p50[ours]}" "${med_p99[ours]}"
  summary '%-40s %10s req/s  p50 %s ms  p99 %s ms' "claims, naive (one transaction each)" "${med_rps[naive]}" "${med_p50[naive]}" "${med_p99[naive]}"
  summary '%-40s %s' "ratio ours / naive:" "$(ratio "${med_rps[ours]}" "${med_rps[naive]}")"
  summary '%-40s %s' "ratio ours / /ping:" "$(ratio "${med_rps[ours]}" "${med_rps[ping]}")"
  summary '%-40s %s' "ratio ours / EVALSHA:" "$(ratio "${med_rps[ours]}" "$evalsha_rps")"
  local ours_cpu naive_cpu
  ours_cpu=$(median_per_name <"$BENCH_DIR/cpu-ours.txt"); naive_cpu=$(median_per_name <"$BENCH_DIR/cpu-naive.txt")
  summary 'CPU-ms per settled claim, ours (load + drain, median of rounds):'
  summary '%s' "$(cpu_table <<<"$ours_cpu")"
  summary 'CPU-ms per claim, naive:'
  summary '%s' "$(cpu_table <<<"$naive_cpu")"
  local ours_db naive_db
  ours_db=$(awk '$1 == "mariadb" { print $2 }' <<<"$ours_cpu"); naive_db=$(awk '$1 == "mariadb" { print $2 }' <<<"$naive_cpu")
  summary '%-40s ours %s ms, naive %s ms: ratio %s (target <= 0.5)' "MariaDB CPU per claim:" "$ours_db" "$naive_db" "$(ratio "$ours_db" "$naive_db")"
  summary '%-40s ours %s ms (target <= 1.0), naive %s ms' "all processes per claim:" \
    "$(sum_of "$ours_cpu")" "$(sum_of "$naive_cpu")"
  local ours_above naive_above
  ours_above=$(median_per_name <"$BENCH_DIR/cpu-ours-above-idle.txt"); naive_above=$(median_per_name <"$BENCH_DIR/cpu-naive-above-idle.txt")
  summary 'idle CPU-ms per second of each process (measured before the rounds):'
  summary '%s' "$(awk '{ printf "    %-28s %8.1f\n", $1, $2 * 1000 / hz }' hz="$BENCH_CLK_TCK" "$BENCH_IDLE_RATES")"
  summary 'CPU-ms per settled claim above idle, ours:'
  summary '%s' "$(cpu_table <<<"$ours_above")"
  summary 'CPU-ms per claim above idle, naive:'
  summary '%s' "$(cpu_table <<<"$naive_above")"
  summary '%-40s ours %s ms, naive %s ms' "all processes per claim, above idle:" \
    "$(sum_of "$ours_above")" "$(sum_of "$naive_above")"
  books_check "$template" baseline
  naive_books "$naive"
}

bench_claim_gate() {
  local template=$1 naive BENCH_CONNECTIONS=64
  naive=$(naive_template)
  claim_script "$BENCH_DIR/claim.lua" "/api/coupon-templates/$template/claims"
  claim_script "$BENCH_DIR/naive.lua" "/api/coupon-templates/$naive/claims"
  wallet_consumer paused
  log "the gate alone: $BENCH_ROUNDS interleaved rounds at $BENCH_CONNECTIONS connections, settlement paused"
  bench_rounds "gate ping|http://127.0.0.1:8083/ping||" \
    "gate claims|http://127.0.0.1:8083/api/coupon-templates/$template/claims|$BENCH_DIR/claim.lua|" \
    "gate naive|http://127.0.0.1:$BENCH_NAIVE_PORT/api/coupon-templates/$naive/claims|$BENCH_DIR/naive.lua|"
  local backlog resumed
  backlog=$(pending_of "$template")
  wallet_consumer running; resumed=$SECONDS
  wait_drained "$template"
  summary ''
  summary '-- the gate alone: wallet consumer paused, %s connections, one hot template (medians of %s rounds) --' "$BENCH_CONNECTIONS" "$BENCH_ROUNDS"
  summary '%-40s %10s req/s  p50 %s ms  p99 %s ms' "claim-service GET /ping" "${BENCH_RPS[gate ping]}" "${BENCH_P50[gate ping]}" "${BENCH_P99[gate ping]}"
  summary '%-40s %10s req/s  p50 %s ms  p99 %s ms' "claims accepted, ours" "${BENCH_RPS[gate claims]}" "${BENCH_P50[gate claims]}" "${BENCH_P99[gate claims]}"
  summary '%-40s %10s req/s  p50 %s ms  p99 %s ms' "claims, naive" "${BENCH_RPS[gate naive]}" "${BENCH_P50[gate naive]}" "${BENCH_P99[gate naive]}"
  summary '%-40s %s (target >= 0.4)' "ratio gate / /ping:" "$(ratio "${BENCH_RPS[gate claims]}" "${BENCH_RPS[gate ping]}")"
  summary '%-40s %s (target >= 1.5)' "ratio gate / naive:" "$(ratio "${BENCH_RPS[gate claims]}" "${BENCH_RPS[gate naive]}")"
  summary '%-40s %s claims settled in %s s after the resume' "backlog of the gate rounds:" "$backlog" "$((SECONDS - resumed))"
  books_check "$template" gate
  naive_books "$naive"
}

bench_claim_drain() {
  local template=$1 claims=${BENCH_DRAIN_CLAIMS:-100000} backlog start end ms settled specs
  mapfile -t specs < <(platform_cpu_specs)
  claim_script "$BENCH_DIR/claim.lua" "/api/coupon-templates/$template/claims"
  wallet_consumer paused
  log "building a backlog of $claims accepted claims"
  # wrk until the backlog is there (it has no request count of its own), then SIGINT: it prints its figures
  wrk -t2 -c"$BENCH_CONNECTIONS" -d600s -s "$BENCH_DIR/claim.lua" "http://127.0.0.1:8083/api/coupon-templates/$template/claims" \
    >"$BENCH_DIR/backlog-wrk.txt" 2>&1 &
  local wrk_pid=$!
  until [ "$(pending_of "$template")" -ge "$claims" ]; do
    kill -0 "$wrk_pid" 2>/dev/null || die "wrk ended before the backlog was built: $(cat "$BENCH_DIR/backlog-wrk.txt")"
    sleep 0.25
  done
  kill -INT "$wrk_pid"; wait "$wrk_pid" || true
  grep -q 'Non-2xx' "$BENCH_DIR/backlog-wrk.txt" && die "claim-service refused claims while the backlog was built: $(cat "$BENCH_DIR/backlog-wrk.txt")"
  backlog=$(pending_of "$template")
  log "backlog: $backlog pending claims; resuming the wallet"
  cpu_snapshot "${specs[@]}" >"$BENCH_DIR/cpu-before"; settled=$(settled_of "$template")
  start=$(date +%s%N)
  wallet_consumer running
  wait_drained "$template"
  end=$(date +%s%N)
  cpu_snapshot "${specs[@]}" >"$BENCH_DIR/cpu-after"; settled=$(( $(settled_of "$template") - settled ))
  ms=$(( (end - start) / 1000000 ))
  local cpu; cpu=$(cpu_per_claim "$BENCH_DIR/cpu-before" "$BENCH_DIR/cpu-after" "$settled")
  summary ''
  summary '-- settlement alone: a backlog built with the wallet paused, then resumed --'
  summary '%-40s %s pending, accepted at %s claims/s (%s connections)' "backlog:" "$backlog" \
    "$(awk '/^Requests\/sec/ { print $2 }' "$BENCH_DIR/backlog-wrk.txt")" "$BENCH_CONNECTIONS"
  summary '%-40s %s claims settled in %s ms: %s claims/s (target >= 5000)' "drain:" "$settled" "$ms" \
    "$(awk -v n="$settled" -v ms="$ms" 'BEGIN { printf "%.0f", (ms > 0) ? n * 1000 / ms : 0 }')"
  summary 'CPU-ms per settled claim during the drain:'
  summary '%s' "$(cpu_table <<<"$cpu")"
  books_check "$template" drain
}

# gatling_stat LOG LABEL COLUMN: a figure of Gatling's last "Global Information" table in its console
# output (LABEL: e.g. "request count", "99th percentile", "mean throughput"; COLUMN 2 total, 3 OK,
# 4 KO), thousands separators dropped, "-" as 0; ? when there is none.
gatling_stat() {
  awk -F'|' -v label="$2" -v col="$3" '
    /Global Information/ { v = "" }
    index($1, label) { v = $col; gsub(/[ ,]/, "", v); if (v == "-") v = 0 }
    END { print (v == "") ? "?" : v }' "$1"
}

bench_claim_sustained() {
  local template=$1 rate=${BENCH_SUSTAINED_RATE:-1000} seconds=${BENCH_SUSTAINED_SECONDS:-60}
  local markers=$BENCH_DIR/sustained.markers log_file=$PROMO_LOGS/bench-gatling.log
  { echo token; cat "$BENCH_DIR/consumer-tokens.txt"; } >"$BENCH_DIR/consumer-tokens.csv"
  rm -f "$markers"
  log "sustained: $rate claims/s for $seconds s (Gatling, open model); pending every 5 s"
  (cd "$PROMO_ROOT" && exec ./mvnw -B -ntp -pl bench/load test-compile gatling:test \
    -Dgatling.simulationClass=com.promo.bench.load.SustainedClaimSimulation \
    -Dbench.baseUrl=http://127.0.0.1:8083 -Dbench.template="$template" -Dbench.tokens="$BENCH_DIR/consumer-tokens.csv" \
    -Dbench.rate="$rate" -Dbench.seconds="$seconds" -Dbench.markers="$markers" >"$log_file" 2>&1) &
  local gatling=$! pending now start_ms="" end_ms="" drained_ms="" last=0 series=() max=0
  while :; do
    now=$(date +%s%3N)
    # the markers file appears when the simulation starts (Maven compiles and resolves first)
    [ -z "$start_ms" ] && start_ms=$(awk '$1 == "start" { print $2 }' "$markers" 2>/dev/null || true)
    [ -z "$end_ms" ] && end_ms=$(awk '$1 == "end" { print $2 }' "$markers" 2>/dev/null || true)
    if [ -n "$start_ms" ]; then
      pending=$(pending_of "$template")
      [ "$pending" -gt "$max" ] && max=$pending
      if [ $((now - last)) -ge 5000 ]; then
        series+=("t+$(( (now - start_ms) / 1000 ))s:$pending"); log "sustained t+$(( (now - start_ms) / 1000 )) s: $pending pending"; last=$now
      fi
      if [ -n "$end_ms" ] && [ "$pending" = 0 ]; then drained_ms=$now; break; fi
      [ $(( (now - start_ms) / 1000 )) -gt $((seconds + BENCH_DRAIN_TIMEOUT)) ] && die "the sustained backlog did not drain"
    elif ! kill -0 "$gatling" 2>/dev/null; then
      tail -n 40 "$log_file" >&2; die "Gatling ended before its load began, see $log_file"
    fi
    sleep 0.5
  done
  wait "$gatling" || { tail -n 40 "$log_file" >&2; die "Gatling failed, see $log_file"; }
  local ok ko p50 p99 mean
  ok=$(gatling_stat "$log_file" "request count" 3); ko=$(gatling_stat "$log_file" "request count" 4)
  p50=$(gatling_stat "$log_file" "50th percentile" 2); p99=$(gatling_stat "$log_file" "99th percentile" 2)
  mean=$(gatling_stat "$log_file" "mean throughput" 2)
  # 201 -> ISSUED from claim-service's ledger: claimed_at (the 201) to updated_at (ISSUED recorded)
  local issued_ms
  issued_ms=$(mariadb_app_client -N promo_claim -e "SELECT TIMESTAMPDIFF(MICROSECOND, claimed_at, updated_at) / 1000 FROM claim
      WHERE template_id = $template AND status = 'ISSUED'" 2>/dev/null | sort -n | awk '
      { v[NR] = $1 } END { if (NR == 0) print "n/a"; else printf "p50 %.0f ms, p99 %.0f ms (%d claims)", v[(int(NR * 0.5) > 0) ? int(NR * 0.5) : 1], v[(int(NR * 0.99) > 0) ? int(NR * 0.99) : 1], NR }') \
    || issued_ms="n/a (no ledger rows)"
  summary ''
  summary '-- sustained: %s claims/s offered for %s s (Gatling open model, claim-service) --' "$rate" "$seconds"
  summary '%-40s %s OK, %s KO, %s req/s, p50 %s ms, p99 %s ms' "answers:" "$ok" "$ko" "$mean" "$p50" "$p99"
  summary '%-40s %s (max %s)' "pending every 5 s:" "${series[*]}" "$max"
  summary '%-40s %s ms after the load ended (target <= 5000)' "drained:" "$((drained_ms - end_ms))"
  summary '%-40s %s' "201 -> ISSUED:" "$issued_ms"
  books_check "$template" sustained
}
