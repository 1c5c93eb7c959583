# ./promo bench flash-sale: a flash sale's token + order pairs next to claim-service's GET /ping and
# the ordinary claim path (POST /api/coupon-templates/{id}/claims) in the same run, interleaved
# rounds, medians. One pair: POST /api/flash-sales/{id}/tokens, then POST .../orders with that
# token and its own Idempotency-Key, as the same random user of BENCH_USERS. Around each claim and
# each pair round the CPU of every platform process is read from /proc (before the load, and after
# claim-service's ledger has caught up: pending == 0 for claims, every reservation in the ledger
# for the sale) and divided by the claims settled / the reservations made. Target: CPU per
# reservation <= 1.5 x CPU per settled claim. After the run the sale's books must hold exactly,
# without a reconciliation: remaining + reserved + paid == total, the ledger's rows == reserved +
# paid, and no fewer than the 201s wrk read. The sale: 10,000,000 units, 100 per user, a 15-minute payment
# window (nothing expires during the run).
#
# Every request of the load comes from 127.0.0.1: claim-service runs with token budgets fitting it
# (BENCH_FLASH_USER_BUDGET, BENCH_FLASH_IP_BUDGET per 10 s). A claim-service without them in its
# environment is restarted with them (only claim-service, as ./promo up starts it); it keeps them
# until the next ./promo down.

BENCH_FLASH_USER_BUDGET=${BENCH_FLASH_USER_BUDGET:-1000000}
BENCH_FLASH_IP_BUDGET=${BENCH_FLASH_IP_BUDGET:-100000000}

bench_flash_sale() {
  ensure_wrk
  use_jdk
  platform_up_with_bench_budgets
  bench_workspace
  local dir=$BENCH_DIR users=${BENCH_USERS:-4000}
  # pairs chain two requests on one connection: one wrk thread (one Lua state) per connection, and
  # the same for /ping and claims so that the load generator costs them alike
  local BENCH_WRK_THREADS=$BENCH_CONNECTIONS

  local -A claim_template flash_template
  seed_templates claim_template COUPON claims
  seed_templates flash_template FLASH_SALE sale
  local claims=${claim_template[claims]} sale=${flash_template[sale]}
  jq -e 'has("reserved")' <<<"$(stock_of "$sale")" >/dev/null || die "template $sale is no flash sale for claim-service: $(stock_of "$sale")"
  claim_script "$dir/claim.lua" "/api/coupon-templates/$claims/claims"
  pair_script "$dir/pair.lua" "$sale"

  local BENCH_SECONDS_MEASURED=$BENCH_SECONDS
  BENCH_SECONDS=${BENCH_WARMUP_SECONDS:-5}
  log "warming up /ping, claims and token + order pairs for $BENCH_SECONDS s each"
  wrk_once "http://127.0.0.1:8083/ping" >/dev/null
  wrk_once "http://127.0.0.1:8083/api/coupon-templates/$claims/claims" "" "$dir/claim.lua" >/dev/null
  BENCH_FLASH_RESERVED=0 BENCH_FLASH_RUNS=0
  flash_round "$sale" "$dir/pair.lua" /dev/null
  BENCH_SECONDS=$BENCH_SECONDS_MEASURED
  wait_drained "$claims"

  local round r a b
  local -A rps p50 p99
  : >"$dir/cpu-claims.txt"; : >"$dir/cpu-pairs.txt"
  for round in $(seq 1 "$BENCH_ROUNDS"); do
    ping_round "round $round /ping"
    read -r r a b <<<"$BENCH_PING_ROUND"; rps[ping]+="$r "; p50[ping]+="$a "; p99[ping]+="$b "

    claim_cpu_round "$claims" "$dir/claim.lua" "$dir/cpu-claims.txt" "round $round claims"
    read -r r a b <<<"$BENCH_CLAIM_ROUND"; rps[claims]+="$r "; p50[claims]+="$a "; p99[claims]+="$b "

    flash_round "$sale" "$dir/pair.lua" "$dir/cpu-pairs.txt"
    read -r r a b <<<"$BENCH_FLASH_ROUND"; rps[pairs]+="$r "; p50[pairs]+="$a "; p99[pairs]+="$b "
    log "round $round pairs: $r pairs/s, p50 $a ms, p99 $b ms (per request); $(tail -1 "$dir/cpu-pairs.txt" | awk '{print $2}') CPU-ms per reservation"
  done

  local key; local -A med_rps med_p50 med_p99
  for key in ping claims pairs; do
    med_rps[$key]=$(tr ' ' '\n' <<<"${rps[$key]}" | grep . | median)
    med_p50[$key]=$(tr ' ' '\n' <<<"${p50[$key]}" | grep . | median)
    med_p99[$key]=$(tr ' ' '\n' <<<"${p99[$key]}" | grep . | median)
  done
  local claim_cpu pair_cpu claim_sum pair_sum
  claim_cpu=$(median_per_name <"$dir/cpu-claims.txt"); pair_cpu=$(median_per_name <"$dir/cpu-pairs.txt")
  claim_sum=$(sum_of "$claim_cpu"); pair_sum=$(sum_of "$pair_cpu")
  echo
  echo "================ flash-sale benchmark summary ================"
  printf -- '-- %s rounds of %s s, %s connections, %s users; sale %s, claim template %s (medians) --\n' \
    "$BENCH_ROUNDS" "$BENCH_SECONDS" "$BENCH_CONNECTIONS" "$users" "$sale" "$claims"
  printf '%-44s %10s /s  p50 %s ms  p99 %s ms\n' "claim-service GET /ping" "${med_rps[ping]}" "${med_p50[ping]}" "${med_p99[ping]}"
  printf '%-44s %10s /s  p50 %s ms  p99 %s ms\n' "claims (settlement running)" "${med_rps[claims]}" "${med_p50[claims]}" "${med_p99[claims]}"
  printf '%-44s %10s /s  p50 %s ms  p99 %s ms (per request)\n' "token + order pairs (reservations)" "${med_rps[pairs]}" "${med_p50[pairs]}" "${med_p99[pairs]}"
  printf '%-44s %s\n' "ratio pairs / /ping:" "$(ratio "${med_rps[pairs]}" "${med_rps[ping]}")"
  printf '%-44s %s\n' "ratio pairs / claims:" "$(ratio "${med_rps[pairs]}" "${med_rps[claims]}")"
  echo 'CPU-ms per settled claim (load + settlement, every platform process):'
  cpu_table <<<"$claim_cpu"; echo
  echo 'CPU-ms per reservation (token + order + ledger, every platform process):'
  cpu_table <<<"$pair_cpu"; echo
  printf '%-44s %s ms vs %s ms per claim: %s x (target <= 1.5: %s)\n' "CPU per reservation:" "$pair_sum" "$claim_sum" \
    "$(ratio "$pair_sum" "$claim_sum")" "$(awk -v a="$pair_sum" -v b="$claim_sum" 'BEGIN { print (a <= 1.5 * b) ? "met" : "missed" }')"
  flash_books "$sale"
  books_check "$claims" claims
  printf '%s\n' "${BENCH_SUMMARY[@]}"
}

# platform_up_with_bench_budgets: ./promo up with the bench's token budgets in the environment, so
# a platform that is down starts with them; a claim-service running without them (read from
# /proc/<pid>/environ) is stopped and started again alone, as up starts it, never rebuilt.
platform_up_with_bench_budgets() {
  service_up_with_env claim-service "PROMO_FLASHSALE_USERTOKENBUDGET=$BENCH_FLASH_USER_BUDGET" \
    "PROMO_FLASHSALE_IPTOKENBUDGET=$BENCH_FLASH_IP_BUDGET"
}

# pair_script FILE SALE: a wrk script whose connections alternate a token request and the order
# that uses it, as one random user of the token file each time; done() prints "Pairs/sec: N" (201
# orders per second) and "Reservations: N". Needs one wrk thread per connection (BENCH_WRK_THREADS).
pair_script() {
  local run; run=$(date +%s%N)
  cat >"$1" <<LUA
local tokens = {}
for line in io.lines("$BENCH_DIR/consumer-tokens.txt") do tokens[#tokens + 1] = line end
local threads = {}
function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end
function init()
  -- each wrk run its own users and keys: a key used again for another token would be a 409
  local started = os.time()
  math.randomseed(id * 7919 + started)
  prefix = '$run-' .. started .. '-' .. id .. '-'
  reservations, orders, user, token = 0, 0, nil, nil
end
function request()
  if token then
    local entry = token
    token = nil
    orders = orders + 1
    return wrk.format('POST', '/api/flash-sales/$2/orders', {['Authorization'] = 'Bearer ' .. tokens[user],
      ['Content-Type'] = 'application/json', ['Idempotency-Key'] = prefix .. orders}, '{"token":"' .. entry .. '"}')
  end
  user = math.random(#tokens)
  return wrk.format('POST', '/api/flash-sales/$2/tokens', {['Authorization'] = 'Bearer ' .. tokens[user]}, nil)
end
function response(status, headers, body)
  local issued = status == 201 and body:match('"token":"([^"]+)"')
  if issued then token = issued elseif status == 201 then reservations = reservations + 1 end
end
function done(summary, latency, requests)
  local n = 0
  for _, thread in ipairs(threads) do n = n + thread:get("reservations") end
  io.write(string.format("Reservations: %d\nPairs/sec: %.0f\n", n, n / (summary.duration / 1e6)))
end
LUA
}

# flash_units SALE: "remaining reserved paid total" of the sale's stock view.
flash_units() { stock_of "$1" | jq -r '"\(.remaining) \(.reserved) \(.paid) \(.total)"'; }

# flash_wait_ledger SALE: until every unit Redis handed out is in the ledger (total - remaining ==
# reserved + paid), BENCH_DRAIN_TIMEOUT at most.
flash_wait_ledger() {
  local deadline=$((SECONDS + ${BENCH_DRAIN_TIMEOUT:-900})) remaining reserved paid total
  while :; do
    read -r remaining reserved paid total <<<"$(flash_units "$1")"
    [ $((total - remaining)) -eq $((reserved + paid)) ] && return 0
    [ $SECONDS -ge $deadline ] && die "sale $1: Redis handed out $((total - remaining)) units, the ledger holds $((reserved + paid))"
    sleep 0.25
  done
}

# flash_round SALE SCRIPT CPU_FILE: one wrk run of pairs, CPU of every platform process from before
# it until the ledger holds its reservations, per reservation (appended to CPU_FILE). Leaves
# "pairs/s p50 p99" in BENCH_FLASH_ROUND and adds wrk's 201 orders to BENCH_FLASH_RESERVED (no
# subshell: a failure ends the benchmark, the counts survive the call).
flash_round() {
  local sale=$1 script=$2 cpu=$3 specs before after out made
  mapfile -t specs < <(platform_cpu_specs)
  cpu_snapshot "${specs[@]}" >"$BENCH_DIR/cpu-before"
  before=$(flash_units "$sale" | awk '{ print $2 + $3 }')
  out=$(wrk -t"$BENCH_WRK_THREADS" -c"$BENCH_CONNECTIONS" -d"${BENCH_SECONDS}s" --latency -s "$script" \
    "http://127.0.0.1:8083" 2>&1)
  grep -q 'Non-2xx' <<<"$out" && die "claim-service refused tokens or orders: $out"
  flash_wait_ledger "$sale"
  cpu_snapshot "${specs[@]}" >"$BENCH_DIR/cpu-after"
  made=$(( $(flash_units "$sale" | awk '{ print $2 + $3 }') - before ))
  BENCH_FLASH_RESERVED=$((BENCH_FLASH_RESERVED + $(awk '/^Reservations:/ { print $2 }' <<<"$out")))
  BENCH_FLASH_RUNS=$((BENCH_FLASH_RUNS + 1))
  cpu_per_claim "$BENCH_DIR/cpu-before" "$BENCH_DIR/cpu-after" "$made" >>"$cpu"
  BENCH_FLASH_ROUND=$(awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) } /^Pairs\/sec/ { rps = $2 }
    END { printf "%.0f %.2f %.2f\n", rps, p50, p99 }' <<<"$out")
}

# flash_books SALE: the oversell check without a reconciliation: remaining + reserved + paid ==
# total, the ledger's RESERVED + PAID rows == reserved + paid, and against the 201 orders wrk
# counted: at least as many, at most one per connection and run more (wrk stops with an order in
# flight on each connection; the service takes it, wrk never reads its 201).
flash_books() {
  local sale=$1 stock rows in_flight
  flash_wait_ledger "$sale"
  stock=$(stock_of "$sale")
  rows=$(mariadb_app_client -N promo_claim -e "SELECT COUNT(*) FROM flash_transaction WHERE template_id = $sale AND status IN ('RESERVED', 'PAID')")
  in_flight=$((BENCH_FLASH_RUNS * BENCH_CONNECTIONS))
  echo "books of the sale (template $sale), no reconciliation: $stock; ledger rows $rows; 201 orders read by wrk $BENCH_FLASH_RESERVED"
  jq -e '.remaining + .reserved + .paid == .total' <<<"$stock" >/dev/null || die "oversell check failed: $stock"
  [ "$rows" = "$(jq '.reserved + .paid' <<<"$stock")" ] || die "the ledger holds $rows transactions, the stock view $(jq '.reserved + .paid' <<<"$stock")"
  [ "$rows" -ge "$BENCH_FLASH_RESERVED" ] && [ "$rows" -le $((BENCH_FLASH_RESERVED + in_flight)) ] \
    || die "the ledger holds $rows transactions, wrk read $BENCH_FLASH_RESERVED 201 orders (at most $in_flight more in flight)"
  printf '%-44s remaining %s + reserved %s + paid %s == total %s; ledger rows %s (201s read by wrk %s, + at most %s in flight): OK (nothing oversold)\n' \
    "books of the sale, no reconciliation:" "$(jq .remaining <<<"$stock")" "$(jq .reserved <<<"$stock")" "$(jq .paid <<<"$stock")" \
    "$(jq .total <<<"$stock")" "$rows" "$BENCH_FLASH_RESERVED" "$in_flight"
}
