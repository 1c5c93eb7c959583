# ./promo bench gateway: what the edge costs. The same requests direct on the owning service and
# through the gateway, with the gateway's rate limits on (the local profile's budgets, above the
# offered load), in interleaved rounds:
# - a cached read, GET /api/activities/{id} (activity-service's near cache; anonymous);
# - a price query, GET /api/prices for 20 items (discount-pricing-service, a consumer's token);
# - claims, POST /api/coupon-templates/{id}/claims as 4,000 users (claim-service; the settlement
#   runs behind them as in the claim benchmark);
# - GET /ping of the gateway itself: its bare cost.
# Prints req/s, p50 and p99 per route and path, the ratio gateway/direct and the latency the hop
# adds, and the gateway's CPU per request (utime+stime of its process from /proc around each run,
# divided by the requests of that run) for each proxied route next to its /ping. Claims are also
# measured as the claim benchmark measures them: the CPU of every platform process per settled
# claim, direct and through the gateway, per process, and their ratio (steadier than req/s on a
# shared box).

bench_gateway() {
  ensure_wrk
  use_jdk
  cmd_up >/dev/null
  bench_workspace
  local dir=$BENCH_DIR
  local -A template
  seed_claim_templates template claims
  local activity=$BENCH_ACTIVITY items consumer
  items=$(gateway_bench_items)
  consumer=$(head -1 "$dir/consumer-tokens.txt")
  claim_script "$dir/gateway-claims.lua" "/api/coupon-templates/${template[claims]}/claims"

  local -a specs=(
    "gateway /ping|http://127.0.0.1:8080/ping||"
    "read direct|http://127.0.0.1:8081/api/activities/$activity||"
    "read via gateway|http://127.0.0.1:8080/api/activities/$activity||"
    "prices direct|http://127.0.0.1:8085/api/prices?itemIds=$items||$consumer"
    "prices via gateway|http://127.0.0.1:8080/api/prices?itemIds=$items||$consumer"
    "claims direct|http://127.0.0.1:8083/api/coupon-templates/${template[claims]}/claims|$dir/gateway-claims.lua|"
    "claims via gateway|http://127.0.0.1:8080/api/coupon-templates/${template[claims]}/claims|$dir/gateway-claims.lua|"
  )
  # a platform just started needs more than one run before its claims stop getting cheaper
  local warmup=${BENCH_WARMUP_SECONDS:-$BENCH_SECONDS}
  log "warming up (JIT, connection pools): one unmeasured run of $warmup s of each"
  local spec name url script token
  for spec in "${specs[@]}"; do
    IFS='|' read -r name url script token <<<"$spec"
    BENCH_SECONDS=$warmup wrk_once "$url" "$token" "$script" >/dev/null
  done

  local round out r a b gateway_pid before cpu_ms
  local -A rps p50 p99 cpu
  gateway_pid=$(cat "$(service_pidfile gateway)")
  # claims are measured as the claim benchmark measures them: every platform process's CPU from
  # before the run until its backlog has settled, per settled claim, direct and through the gateway
  : >"$dir/gateway-cpu-claims-direct.txt"; : >"$dir/gateway-cpu-claims-via-gateway.txt"
  for round in $(seq 1 "$BENCH_ROUNDS"); do
    for spec in "${specs[@]}"; do
      IFS='|' read -r name url script token <<<"$spec"
      before=$(cpu_ticks "$gateway_pid")
      case $name in
        claims*) claim_cpu_round "${template[claims]}" "$script" "$dir/gateway-cpu-${name// /-}.txt" \
          "round $round $name" "${url%%/api/*}"; out=$BENCH_CLAIM_ROUND ;;
        *) out=$(wrk_once "$url" "$token" "$script")
          [[ $out == ERROR* ]] && die "$name answered errors during the run ($out): $url" ;;
      esac
      read -r r a b <<<"$out"
      # wrk's req/s is requests / duration: CPU-ms of the gateway per request of this run
      cpu_ms=$(awk -v t=$(( $(cpu_ticks "$gateway_pid") - before )) -v hz="$BENCH_CLK_TCK" -v n="$(awk -v r="$r" -v s="$BENCH_SECONDS" 'BEGIN { print r * s }')" \
        'BEGIN { printf "%.4f", (n > 0) ? t * 1000 / hz / n : 0 }')
      rps[$name]+="$r "; p50[$name]+="$a "; p99[$name]+="$b "; cpu[$name]+="$cpu_ms "
      case $name in
        claims*) log "round $round $name: gateway $cpu_ms CPU-ms per request" ;; # the rest logged by claim_cpu_round
        *) log "round $round $name: $r req/s, p50 $a ms, p99 $b ms, gateway $cpu_ms CPU-ms per request" ;;
      esac
    done
  done
  local -A m_rps m_p50 m_p99 m_cpu
  printf '\n%-22s %10s %9s %9s %22s\n' "" "req/s" "p50 ms" "p99 ms" "gateway CPU-ms/request"
  for spec in "${specs[@]}"; do
    name=${spec%%|*}
    m_rps[$name]=$(tr ' ' '\n' <<<"${rps[$name]}" | grep . | median)
    m_p50[$name]=$(tr ' ' '\n' <<<"${p50[$name]}" | grep . | median)
    m_p99[$name]=$(tr ' ' '\n' <<<"${p99[$name]}" | grep . | median)
    m_cpu[$name]=$(tr ' ' '\n' <<<"${cpu[$name]}" | grep . | median)
    printf '%-22s %10s %9s %9s %22s\n' "$name" "${m_rps[$name]}" "${m_p50[$name]}" "${m_p99[$name]}" "${m_cpu[$name]}"
  done
  echo
  local route target
  for route in read prices claims; do
    # the claims target is the CPU per settled claim (below); their request rates are shown as they came
    case $route in read) target=">= 0.35" ;; claims) target="on the CPU below" ;; *) target="-" ;; esac
    printf '%-7s gateway/direct %s x (target %s); the hop adds p50 %s ms, p99 %s ms; gateway CPU %s x its /ping (target <= 2.5)\n' \
      "$route" "$(ratio "${m_rps[$route via gateway]}" "${m_rps[$route direct]}")" "$target" \
      "$(awk -v a="${m_p50[$route via gateway]}" -v b="${m_p50[$route direct]}" 'BEGIN { printf "%.2f", a - b }')" \
      "$(awk -v a="${m_p99[$route via gateway]}" -v b="${m_p99[$route direct]}" 'BEGIN { printf "%.2f", a - b }')" \
      "$(ratio "${m_cpu[$route via gateway]}" "${m_cpu[gateway /ping]}")"
  done
  local direct_cpu via_cpu direct_sum via_sum
  direct_cpu=$(median_per_name <"$dir/gateway-cpu-claims-direct.txt"); via_cpu=$(median_per_name <"$dir/gateway-cpu-claims-via-gateway.txt")
  direct_sum=$(sum_of "$direct_cpu"); via_sum=$(sum_of "$via_cpu")
  echo
  echo 'claims, CPU-ms per settled claim (load + settlement, every platform process), direct | via gateway:'
  join <(grep -v '^sum ' <<<"$direct_cpu") <(grep -v '^sum ' <<<"$via_cpu") \
    | awk '{ printf "    %-28s %8.3f %8.3f\n", $1, $2, $3 }'
  printf '    %-28s %8.3f %8.3f\n' "ALL PROCESSES" "$direct_sum" "$via_sum"
  printf 'claims  direct/gateway CPU per settled claim %s x (target >= 0.8: %s)\n' "$(ratio "$direct_sum" "$via_sum")" \
    "$(awk -v a="$direct_sum" -v b="$via_sum" 'BEGIN { print (a >= 0.8 * b) ? "met" : "missed" }')"
  echo "(wrk -t${BENCH_WRK_THREADS:-2} -c$BENCH_CONNECTIONS, ${BENCH_SECONDS} s per run, median of $BENCH_ROUNDS interleaved rounds;"
  echo " 2 cores shared by wrk, the six services and the infrastructure: a proxied request's hop competes for them)"
  books_check "${template[claims]}" "the claims of both paths"
  printf '%s\n' "${BENCH_SUMMARY[@]}"
}

# gateway_bench_items: 20 items of a new seller with list prices, as "id,id,..." (the price query's)
gateway_bench_items() {
  local seller merchant first i ids=()
  seller=$((RANDOM * 1000 + RANDOM)); merchant=$(cmd_token --role MERCHANT --sub "$seller")
  first=$(( $(date +%s) * 100 ))
  for i in $(seq 1 20); do
    curl -fsS -X PUT "localhost:8085/merchant/items/$((first + i))" -H "Authorization: Bearer $merchant" -H 'Content-Type: application/json' \
      -d '{"title":"Bench flat","cityId":"310000","listPrice":300000,"priceUnit":"MONTHLY","deposit":0}' >/dev/null \
      || die "could not register bench item $((first + i))"
    ids+=("$((first + i))")
  done
  (IFS=,; echo "${ids[*]}")
}
