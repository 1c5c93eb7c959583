# ./promo bench soak: the platform under mixed traffic for BENCH_SOAK_MINUTES (10) minutes, at half
# the maximum that the same run measures for that mix first. The mix (bench/load's SoakSimulation):
# 60 % price queries (20 items), 25 % claims, 10 % quotes, through the gateway (the local profile's
# rate limits are far above this load); 5 % follow events on crowd-sync's HTTP ingest (the gateway
# never routes /internal/**), as a SERVICE.
#  phase 1  a closed model of BENCH_SOAK_PROBE_USERS (32) users for BENCH_SOAK_PROBE_SECONDS (75):
#           the rate achieved after its first BENCH_SOAK_PROBE_WARMUP (15) s is the mix's maximum.
#  phase 2  an open model at half that rate; in the middle, one crowd-sync batch of a generated
#           snapshot of BENCH_SOAK_BATCH_ROWS (1,000,000) relations, paced at BENCH_SOAK_BATCH_PACE
#           (20,000) rows/s (crowd-sync restarted with promo.crowd.batch-max-rows-per-second when
#           it runs without; 0: the batch's full speed, which takes both cores here). At the end
#           of every minute, the heap after GC of every service: a full collection (jcmd GC.run; serial collector, so the
#           whole heap is compacted), then the heap's used bytes (jcmd GC.heap_info).
# Prints requests and statuses per kind and minute, p99 per kind and minute, the heap after GC per
# service and minute, then a verdict: FAIL (exit 1) when any 5xx or unanswered request appears, when
# a service's heap after GC at the last minute exceeds minute 2's by more than 10 %, or when a
# minute's p99 of a kind exceeds twice that kind's first minute.

BENCH_SOAK_MINUTES=${BENCH_SOAK_MINUTES:-10}
BENCH_SOAK_PROBE_SECONDS=${BENCH_SOAK_PROBE_SECONDS:-75}
BENCH_SOAK_PROBE_WARMUP=${BENCH_SOAK_PROBE_WARMUP:-15}
BENCH_SOAK_PROBE_USERS=${BENCH_SOAK_PROBE_USERS:-32}
BENCH_SOAK_BATCH_ROWS=${BENCH_SOAK_BATCH_ROWS:-1000000}
BENCH_SOAK_BATCH_PACE=${BENCH_SOAK_BATCH_PACE:-20000}
BENCH_SOAK_ITEMS=${BENCH_SOAK_ITEMS:-60}

bench_soak() {
  [ "$BENCH_SOAK_MINUTES" -ge 2 ] || die "BENCH_SOAK_MINUTES must be at least 2 (the heap rule compares the last minute with minute 2)"
  use_jdk
  service_up_with_env crowd-sync-service "PROMO_CROWD_BATCHMAXROWSPERSECOND=$BENCH_SOAK_BATCH_PACE"
  bench_workspace
  local dir=$BENCH_DIR/soak
  rm -rf "$dir"; mkdir -p "$dir"

  local -A template
  seed_claim_templates template soak
  local seller items
  seller=$((RANDOM * 1000 + RANDOM))
  items=$(soak_items "$seller") || die "could not seed the soak's items"
  awk 'BEGIN { print "token,userId" } { print $0 "," 90000000 + NR }' "$BENCH_DIR/consumer-tokens.txt" >"$dir/consumers.csv"
  local sellers="$seller,$((seller + 1)),$((seller + 2)),$((seller + 3))"
  local service_token; service_token=$(cmd_token --role SERVICE --sub 1 --ttl 7200)
  local snapshot; snapshot=$(soak_snapshot) || die "could not generate the batch's snapshot"
  local -a settings=(-Dbench.template="${template[soak]}" -Dbench.tokens="$dir/consumers.csv" -Dbench.serviceToken="$service_token"
    -Dbench.items="$items" -Dbench.sellers="$sellers")

  log "phase 1: the mix's maximum, $BENCH_SOAK_PROBE_USERS users in a closed model for $BENCH_SOAK_PROBE_SECONDS s"
  (soak_gatling probe "$dir/probe.tsv" "${settings[@]}" -Dbench.users="$BENCH_SOAK_PROBE_USERS" \
    -Dbench.seconds="$BENCH_SOAK_PROBE_SECONDS" -Dbench.warmupSeconds="$BENCH_SOAK_PROBE_WARMUP") \
    || { tail -n 40 "$PROMO_LOGS/bench-soak-probe.log" >&2; die "the probe failed, see $PROMO_LOGS/bench-soak-probe.log"; }
  local max rate
  max=$(awk '$1 == "rate" { print $2 }' "$dir/probe.tsv")
  rate=$(awk -v m="$max" 'BEGIN { printf "%.0f", m / 2 }')
  [ "$rate" -gt 0 ] || die "the probe measured no rate: $(cat "$dir/probe.tsv")"
  log "phase 1: $max req/s at most; phase 2: $rate req/s for $BENCH_SOAK_MINUTES min, a batch at minute $((BENCH_SOAK_MINUTES / 2))"

  local seconds=$((BENCH_SOAK_MINUTES * 60)) markers=$dir/soak.markers
  soak_gatling soak "$dir/soak.tsv" "${settings[@]}" -Dbench.rate="$rate" -Dbench.seconds="$seconds" -Dbench.markers="$markers" &
  local gatling=$! start_ms="" now minute=1 batch="" batch_at=$((seconds / 2)) batch_report=""
  : >"$dir/heap.tsv"
  while kill -0 "$gatling" 2>/dev/null; do
    [ -z "$start_ms" ] && start_ms=$(awk '$1 == "start" { print $2 }' "$markers" 2>/dev/null || true)
    if [ -n "$start_ms" ]; then
      now=$(( ($(date +%s%3N) - start_ms) / 1000 ))
      if [ -z "$batch" ] && [ "$now" -ge "$batch_at" ]; then
        batch=$(curl -fsS -X POST localhost:8080/ops/crowd-sync/batches -H "Authorization: Bearer $BENCH_OPS" -H 'Content-Type: application/json' \
          -d "{\"snapshotPath\":\"$snapshot\",\"snapshotTime\":\"$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)\"}" | jq -r .id) \
          || die "the batch was refused"
        log "t+$now s: crowd-sync batch $batch started ($BENCH_SOAK_BATCH_ROWS relations, at most $BENCH_SOAK_BATCH_PACE rows/s)"
        echo "batch_started $now" >>"$markers"
      fi
      if [ -n "$batch" ] && [ -z "$batch_report" ]; then
        batch_report=$(curl -fsS localhost:8080/ops/crowd-sync/batches/"$batch" -H "Authorization: Bearer $BENCH_OPS")
        if [ "$(jq -r .status <<<"$batch_report")" = RUNNING ]; then batch_report=""; else
          log "t+$now s: batch $(jq -r .status <<<"$batch_report")"; echo "batch_ended $now" >>"$markers"; fi
      fi
      if [ "$minute" -le "$BENCH_SOAK_MINUTES" ] && [ "$now" -ge $((minute * 60)) ]; then
        soak_heap "$minute" >>"$dir/heap.tsv"
        log "minute $minute, heap after GC (MB): $(awk -v m="$minute" '$1 == m { printf "%s %.1f  ", $2, $3 / 1048576 }' "$dir/heap.tsv")"
        minute=$((minute + 1))
      fi
    fi
    sleep 1
  done
  wait "$gatling" || { tail -n 40 "$PROMO_LOGS/bench-soak-soak.log" >&2; die "the soak's load failed, see $PROMO_LOGS/bench-soak-soak.log"; }
  # the last minute's sample, when the load ended before the loop took it
  [ "$minute" -le "$BENCH_SOAK_MINUTES" ] && soak_heap "$BENCH_SOAK_MINUTES" >>"$dir/heap.tsv"
  [ -n "$batch" ] || die "the load ended before the batch started"
  while [ -z "$batch_report" ] || [ "$(jq -r .status <<<"$batch_report")" = RUNNING ]; do
    sleep 2; batch_report=$(curl -fsS localhost:8080/ops/crowd-sync/batches/"$batch" -H "Authorization: Bearer $BENCH_OPS")
  done

  books_check "${template[soak]}" "the soak's claims"
  soak_report "$dir" "$max" "$rate" "$batch_report"
}

# soak_gatling MODE OUT SETTING...: one run of SoakSimulation, its per-minute figures in OUT
soak_gatling() {
  local mode=$1 out=$2; shift 2
  cd "$PROMO_ROOT" && exec ./mvnw -B -ntp -pl bench/load test-compile gatling:test \
    -Dgatling.simulationClass=com.promo.bench.load.SoakSimulation -Dbench.mode="$mode" -Dbench.out="$out" \
    -Dbench.baseUrl=http://127.0.0.1:8080 -Dbench.crowdSyncUrl=http://127.0.0.1:8084 "$@" >"$PROMO_LOGS/bench-soak-$mode.log" 2>&1
}

# soak_items SELLER: BENCH_SOAK_ITEMS monthly items of SELLER with two fan prices each, as "id,id,..."
soak_items() {
  local seller=$1 merchant first i id ids=()
  merchant=$(cmd_token --role MERCHANT --sub "$seller")
  first=$(( $(date +%s) * 1000 ))
  log "seeding $BENCH_SOAK_ITEMS items of seller $seller with ALL_FANS and OLD_FANS prices"
  for i in $(seq 1 "$BENCH_SOAK_ITEMS"); do
    id=$((first + i))
    curl -fsS -X PUT "localhost:8085/merchant/items/$id" -H "Authorization: Bearer $merchant" -H 'Content-Type: application/json' \
      -d '{"title":"Soak flat","cityId":"310000","listPrice":300000,"priceUnit":"MONTHLY","deposit":600000}' >/dev/null \
      && curl -fsS -X PUT "localhost:8085/merchant/items/$id/fan-prices/ALL_FANS" -H "Authorization: Bearer $merchant" \
        -H 'Content-Type: application/json' -d '{"price":285000}' >/dev/null \
      && curl -fsS -X PUT "localhost:8085/merchant/items/$id/fan-prices/OLD_FANS" -H "Authorization: Bearer $merchant" \
        -H 'Content-Type: application/json' -d '{"price":270000}' >/dev/null \
      || die "could not seed soak item $id"
    ids+=("$id")
  done
  (IFS=,; echo "${ids[*]}")
}

# soak_snapshot: the batch's snapshot (generated once per size, kept with ./promo bench crowd's)
soak_snapshot() {
  local snapshot=$BENCH_DIR/snapshot-$BENCH_SOAK_BATCH_ROWS.csv.gz
  if [ ! -f "$snapshot" ]; then
    log "generating a snapshot of $BENCH_SOAK_BATCH_ROWS relations ($snapshot)"
    java -cp "$(service_jar crowd-sync-service)" -Dloader.main=com.promo.crowd.batch.SnapshotGenerator \
      org.springframework.boot.loader.launch.PropertiesLauncher "$snapshot" "$BENCH_SOAK_BATCH_ROWS" >&2 \
      || die "could not generate $snapshot"
  fi
  echo "$snapshot"
}

# soak_heap MINUTE: "MINUTE SERVICE BYTES" per service, the heap used right after a full collection
# (GC.run is System.gc(): with the serial collector a stop-the-world compaction of both generations),
# both commands in one jcmd (each jcmd is a JVM start on the shared cores)
soak_heap() {
  local name pid used commands=$BENCH_DIR/soak/jcmd-commands
  printf 'GC.run\nGC.heap_info\n' >"$commands"
  for name in "${PROMO_SERVICES[@]}"; do
    pid=$(cat "$(service_pidfile "$name")")
    # GC.heap_info, a line a generation (JDK 25: "DefNew     total 19648K, used 0K [...]", "Tenured    total
    # 43712K, used 3789K [...]"; older JDKs: "def new generation total ...", "tenured generation total ...")
    used=$("$JAVA_HOME/bin/jcmd" "$pid" -f "$commands" | awk '/ total [0-9]+K, used [0-9]+K/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?$/, "", v); s += v } }
      END { print s * 1024 }') || die "jcmd failed on $name (pid $pid)"
    [ "$used" -gt 0 ] || die "no heap figure from jcmd GC.heap_info on $name (pid $pid; a collector other than the serial one?)"
    echo "$1 $name $used"
  done
}

# soak_report DIR MAX RATE BATCH_REPORT: the tables and the verdict; exit 1 on FAIL
soak_report() {
  local dir=$1 max=$2 rate=$3 batch_report=$4 markers=$1/soak.markers failures=()
  local kinds="prices claims quotes follows all"
  echo
  echo "================ soak summary ================"
  echo "phase 1: closed model, $BENCH_SOAK_PROBE_USERS users, $BENCH_SOAK_PROBE_SECONDS s: $max req/s after the first $BENCH_SOAK_PROBE_WARMUP s"
  echo "         answers: $(awk -F'\t' '$2 == "all" { printf "%s%s", sep, $7; sep = " | " }' "$dir/probe.tsv")"
  echo "phase 2: open model, $rate req/s for $BENCH_SOAK_MINUTES min (60 % prices, 25 % claims, 10 % quotes via the gateway; 5 % follows on crowd-sync)"
  echo "batch:   $BENCH_SOAK_BATCH_ROWS relations, started at t+$(awk '$1 == "batch_started" { print $2 }' "$markers") s, ended at t+$(awk '$1 == "batch_ended" { print $2 }' "$markers") s:" \
    "$(jq -c '{status, rowsRead, rowsApplied, rowsPerSecond}' <<<"$batch_report")"
  echo
  echo "requests and statuses per minute (status=count; 0 = no answer):"
  awk -F'\t' '!/^#/ && $1 != "rate" && $2 != "all" { printf "  min %2s  %-8s %7s  %s\n", $1, $2, $3, $7 }' "$dir/soak.tsv"
  echo
  echo "p99 per minute, ms (p50 in brackets):"
  printf '  %-6s' minute; for k in $kinds; do printf '%16s' "$k"; done; echo
  awk -F'\t' -v kinds="$kinds" '!/^#/ && $1 != "rate" { p99[$1, $2] = $5; p50[$1, $2] = $4; if ($1 > last) last = $1 }
    END { n = split(kinds, k, " "); for (m = 1; m <= last; m++) { printf "  %-6s", m
      for (i = 1; i <= n; i++) printf "%16s", ((m, k[i]) in p99) ? p99[m, k[i]] " (" p50[m, k[i]] ")" : "-"; print "" } }' "$dir/soak.tsv"
  echo
  echo "heap after GC per minute, MB (jcmd GC.run, then GC.heap_info):"
  printf '  %-6s' minute; for name in "${PROMO_SERVICES[@]}"; do printf '%26s' "$name"; done; echo
  awk -v names="${PROMO_SERVICES[*]}" '{ v[$1, $2] = $3; if ($1 > last) last = $1 }
    END { n = split(names, s, " "); for (m = 1; m <= last; m++) { printf "  %-6s", m
      for (i = 1; i <= n; i++) printf "%26.1f", v[m, s[i]] / 1048576; print "" } }' "$dir/heap.tsv"

  # rule 1: no 5xx, no request left unanswered (both phases)
  local errors
  errors=$(cat "$dir/probe.tsv" "$dir/soak.tsv" | awk -F'\t' '!/^#/ && $1 != "rate" && $2 != "all" {
      n = split($7, st, ","); for (i = 1; i <= n; i++) { split(st[i], kv, "="); if (kv[1] >= 500 || kv[1] == 0) bad[$2 " " kv[1]] += kv[2] } }
    END { for (b in bad) { printf "%s%s x%s", sep, b, bad[b]; sep = ", " } }')
  [ -n "$errors" ] && failures+=("5xx or unanswered requests: $errors")
  # rule 2: heap after GC, last minute against minute 2, per service
  local heap
  heap=$(awk -v last="$BENCH_SOAK_MINUTES" '$1 == 2 { two[$2] = $3 } $1 == last { end[$2] = $3 }
    END { for (s in end) if (two[s] > 0 && end[s] > 1.10 * two[s]) printf "%s %.1f -> %.1f MB (+%.0f %%); ", s, two[s] / 1048576, end[s] / 1048576, (end[s] / two[s] - 1) * 100 }' "$dir/heap.tsv")
  [ -n "$heap" ] && failures+=("heap after GC grew more than 10 % from minute 2 to minute $BENCH_SOAK_MINUTES: $heap")
  # rule 3: no minute's p99 above twice the first minute's, per kind
  local p99
  p99=$(awk -F'\t' '!/^#/ && $1 != "rate" { p[$1, $2] = $5; kinds[$2] = 1; if ($1 > last) last = $1 }
    END { for (k in kinds) for (m = 2; m <= last; m++) if (((m, k) in p) && p[m, k] > 2 * p[1, k]) printf "%s minute %d: %s ms (minute 1: %s ms); ", k, m, p[m, k], p[1, k] }' "$dir/soak.tsv")
  [ -n "$p99" ] && failures+=("p99 above twice the first minute's: $p99")

  echo
  echo "rules: no 5xx or unanswered request; heap after GC at minute $BENCH_SOAK_MINUTES <= 1.10 x minute 2 (every service);"
  echo "       every minute's p99 <= 2 x minute 1's (every kind and all together)"
  echo "(figures in $dir; Gatling's logs in $PROMO_LOGS/bench-soak-*.log; 2 cores shared by Gatling, the six services,"
  echo " the infrastructure and whatever else runs on the machine)"
  if [ ${#failures[@]} -eq 0 ]; then echo "VERDICT: PASS"; return 0; fi
  printf 'VERDICT: FAIL: %s\n' "${failures[@]}"
  exit 1
}
