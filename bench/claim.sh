# ./promo bench claim: the claim path in one run, next to its two baselines:
#  (a) redis-benchmark: PING and EVALSHA of the claim script on the master that owns the slot;
#  (b) GET /ping on claim-service (the whole HTTP stack, no work);
#  (c) POST /api/coupon-templates/{id}/claims with many users (wrk + a Lua script of tokens),
# then checks that nothing oversold. Prints req/s, p50/p99 and the ratios claim/bare and
# claim/EVALSHA.

bench_claim() {
  ensure_wrk
  cmd_up >/dev/null
  local dir=$PROMO_STATE/bench users=${BENCH_USERS:-2000} stock=10000000 limit=100
  mkdir -p "$dir"
  local now ops seller merchant activity template running
  now=$(date -u +%s); running=$((now + 10))
  ops=$(cmd_token --role OPS --sub 1)
  seller=$((RANDOM * 1000 + RANDOM)); merchant=$(cmd_token --role MERCHANT --sub "$seller")
  iso() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }

  log "seeding: a template of $stock units, $limit per user, whose activity runs in 10 s"
  activity=$(curl -fsS -X POST localhost:8081/ops/activities -H "Authorization: Bearer $ops" -H 'Content-Type: application/json' \
    -d "{\"title\":\"Bench claims\",\"kind\":\"COUPON\",\"cityIds\":[\"310000\"],\"couponTypes\":[\"AMOUNT_OFF\"],
         \"valueLowerLimit\":100,\"valueUpperLimit\":50000,\"applyStartTime\":\"$(iso $((now - 5)))\",
         \"applyEndTime\":\"$(iso $running)\",\"activityStartTime\":\"$(iso $running)\",\"activityEndTime\":\"$(iso $((now + 86400)))\"}" | jq -r .id)
  curl -fsS -X POST "localhost:8081/ops/activities/$activity/publish" -H "Authorization: Bearer $ops" >/dev/null
  wait_for 30 "sign-up" bash -c "curl -fsS -X POST localhost:8082/merchant/activities/$activity/signups -H 'Authorization: Bearer $merchant' -o /dev/null"
  template=$(curl -fsS -X POST localhost:8082/merchant/coupon-templates -H "Authorization: Bearer $merchant" -H 'Content-Type: application/json' \
    -d "{\"activityId\":\"$activity\",\"cityId\":\"310000\",\"type\":\"AMOUNT_OFF\",\"title\":\"Bench\",\"amountOff\":1000,
         \"totalStock\":$stock,\"perUserLimit\":$limit,\"validity\":{\"type\":\"FLOATING\",\"days\":30}}" | jq -r .id)
  curl -fsS -X POST "localhost:8082/merchant/coupon-templates/$template/enable" -H "Authorization: Bearer $merchant" >/dev/null
  wait_for 30 "claim state in Redis" curl -fsS "localhost:8083/ops/coupon-templates/$template/stock" -H "Authorization: Bearer $ops"
  while [ "$(date -u +%s)" -le "$running" ]; do sleep 0.5; done

  log "signing $users consumer tokens for the wrk script"
  {
    echo "tokens = {"
    local u; for u in $(seq 1 "$users"); do printf '"%s",\n' "$(cmd_token --role CONSUMER --sub $((90000000 + u)))"; done
    echo "}"
    echo "request = function()"
    echo "  return wrk.format('POST', '/api/coupon-templates/$template/claims', {['Authorization'] = 'Bearer ' .. tokens[math.random(#tokens)]}, nil)"
    echo "end"
  } >"$dir/claim.lua"

  # (a) Redis itself, on the master that owns this template's slot
  local slot port sha
  slot=$(redis-cli -p "${PROMO_REDIS_PORTS[0]}" cluster keyslot "{t:bench$now}:stock")
  port=$(redis-cli -p "${PROMO_REDIS_PORTS[0]}" cluster nodes | awk -v s="$slot" '$3 ~ /master/ && $3 !~ /fail/ { for (i = 9; i <= NF; i++) { split($i, r, "-"); if (r[2] == "") r[2] = r[1]; if (s >= r[1] && s <= r[2]) { split($2, a, "[:@]"); print a[2] } } }')
  sha=$(redis-cli -p "$port" script load "$(cat "$PROMO_ROOT/claim-service/src/main/resources/scripts/claim.lua")")
  local t="{t:bench$now}"
  redis-cli -p "$port" hset "$t:meta" status ENABLED start 0 end 99999999999999 limit 1000000000 audience ALL >/dev/null
  redis-cli -p "$port" set "$t:stock" 1000000000 >/dev/null
  local evalsha_out ping_out
  ping_out=$(redis_bench -p "$port" -n 200000 -c 50 PING)
  evalsha_out=$(redis_bench -p "$port" -n 200000 -c 50 -r 1000000 EVALSHA "$sha" 6 "$t:meta" "$t:stock" "$t:users" "$t:idem" "$t:pending" "$t:claims" \
    "__rand_int__" "" "c__rand_int__" "$(date +%s)000" 1)
  redis-cli -p "$port" del "$t:meta" "$t:stock" "$t:users" "$t:idem" "$t:pending" "$t:claims" >/dev/null
  local ping_rps evalsha_rps
  ping_rps=$(rps_of "$ping_out")
  evalsha_rps=$(rps_of "$evalsha_out")

  # (b) and (c), interleaved rounds
  local spec_claim="POST claims (wrk, $users users)"
  bench_rounds "claim bare (/ping)|http://127.0.0.1:8083/ping||" \
    "$spec_claim|http://127.0.0.1:8083/api/coupon-templates/$template/claims|$dir/claim.lua|"

  log "checking that nothing oversold: waiting for the wallet to settle every accepted claim, then reconciling"
  local report stock_json
  wait_for 600 "settlement of the backlog" bash -c \
    "curl -fsS localhost:8083/ops/coupon-templates/$template/stock -H 'Authorization: Bearer $ops' | jq -e '.pending == 0' >/dev/null"
  report=$(curl -fsS -X POST "localhost:8083/ops/coupon-templates/$template/reconcile" -H "Authorization: Bearer $ops")
  stock_json=$(curl -fsS "localhost:8083/ops/coupon-templates/$template/stock" -H "Authorization: Bearer $ops")
  echo
  echo "redis-benchmark PING    (port $port): $ping_rps req/s, $(p50_of "$ping_out")"
  echo "redis-benchmark EVALSHA (port $port): $evalsha_rps req/s, $(p50_of "$evalsha_out")"
  echo "ratio claim / bare:     $(ratio "${BENCH_RPS[$spec_claim]}" "${BENCH_RPS[claim bare (/ping)]}")"
  echo "ratio claim / EVALSHA:  $(ratio "${BENCH_RPS[$spec_claim]}" "$evalsha_rps")"
  echo "stock after the run:    $stock_json"
  echo "reconciliation:         $report"
  jq -e '(.remaining + .issued + .pending) == .total and .issued <= .total' <<<"$stock_json" >/dev/null \
    && echo "oversell check:         OK (remaining + issued + pending == total, issued <= total)" \
    || die "oversell check failed: $stock_json"
}
