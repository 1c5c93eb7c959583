# ./promo bench crowd: the T+1 loader and the real-time path of crowd-sync-service, each next to
# a baseline measured in the same run:
#  (a) redis-benchmark --cluster: pipelined HSET (-P 16) on the 6-node cluster (rows/s to beat);
#  (b) a generated snapshot (BENCH_CROWD_ROWS relations, default 10M; skewed: a few sellers with
#      huge fan counts) loaded by POST /ops/crowd-sync/batches: membership refresh rows/s (the
#      loader) and the whole job (refresh + store reconciliation + retirement);
#  (c) a steady stream of follow events (BENCH_CROWD_EVENTS_PER_SECOND, default 200, for
#      BENCH_CROWD_STREAM_SECONDS, default 20) through the HTTP ingest and Kafka: event-to-visible
#      latency p50/p99, from the service's crowd.event.lag timer (event time to written in Redis).
# Targets: loader >= 0.5 x pipelined HSET; p99 event-to-visible <= 100 ms.

bench_crowd() {
  cmd_up >/dev/null
  local dir=$PROMO_STATE/bench rows=${BENCH_CROWD_ROWS:-10000000}
  local rate=${BENCH_CROWD_EVENTS_PER_SECOND:-200} seconds=${BENCH_CROWD_STREAM_SECONDS:-20}
  mkdir -p "$dir"
  local ops service jar snapshot
  ops=$(cmd_token --role OPS --sub 1)
  service=$(cmd_token --role SERVICE --sub 1)
  jar=$(service_jar crowd-sync-service)

  log "(a) redis-benchmark: pipelined HSET on the cluster"
  local hset_out hset_rps
  hset_out=$(redis_bench --cluster -p "${PROMO_REDIS_PORTS[0]}" -t hset -n 2000000 -P 16 -c 50 -r 1000000)
  hset_rps=$(rps_of "$hset_out")
  local port; for port in "${PROMO_REDIS_PORTS[@]}"; do
    redis-cli -p "$port" --scan --pattern 'myhash*' | xargs -r -n 100 redis-cli -p "$port" del >/dev/null 2>&1 || true
  done

  snapshot=$dir/snapshot-$rows.csv.gz
  if [ ! -f "$snapshot" ]; then
    log "(b) generating a snapshot of $rows relations ($snapshot)"
    use_jdk
    java -cp "$jar" -Dloader.main=com.promo.crowd.batch.SnapshotGenerator \
      org.springframework.boot.loader.launch.PropertiesLauncher "$snapshot" "$rows"
  fi
  log "(b) loading it"
  local id report status started finished
  started=$(date +%s.%N)
  id=$(curl -fsS -X POST localhost:8084/ops/crowd-sync/batches -H "Authorization: Bearer $ops" -H 'Content-Type: application/json' \
    -d "{\"snapshotPath\":\"$snapshot\",\"snapshotTime\":\"$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)\"}" | jq -r .id)
  while true; do
    report=$(curl -fsS "localhost:8084/ops/crowd-sync/batches/$id" -H "Authorization: Bearer $ops")
    status=$(jq -r .status <<<"$report")
    [ "$status" = RUNNING ] || break
    log "  $(jq -r '"\(.step): \(.rowsRead) rows read, \(.rowsPerSecond) rows/s"' <<<"$report")"
    sleep 5
  done
  finished=$(date +%s.%N)
  [ "$status" = COMPLETED ] || die "the batch ended $status: $report"

  log "(c) a steady stream of $rate follow events/s for $seconds s through the HTTP ingest (every 50 ms)"
  local per_tick=$((rate / 20)) tick user0=$((7000000000 + RANDOM * 10000)) senders=() body now_iso e user
  for tick in $(seq 1 $((seconds * 20))); do
    now_iso=$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)
    body="["
    for e in $(seq 1 "$per_tick"); do
      user=$((user0 + tick * per_tick + e))
      body+="{\"eventId\":\"bench-$user\",\"type\":\"FOLLOW\",\"userId\":\"$user\",\"sellerId\":\"$((900000000 + e % 50))\",\"occurredAt\":\"$now_iso\"},"
    done
    body="${body%,}]"
    curl -fsS -X POST localhost:8084/internal/events/follow -H "Authorization: Bearer $service" -H 'Content-Type: application/json' -d "$body" >/dev/null &
    senders+=($!)
    sleep 0.05
  done
  wait "${senders[@]}" # not a bare wait: the services started by cmd_up are this shell's children too
  sleep 2
  local metrics p50 p99 count
  metrics=$(curl -fsS localhost:8084/actuator/prometheus)
  p50=$(awk '/^crowd_event_lag_seconds\{.*quantile="0.5"/ { printf "%.1f", $2 * 1000 }' <<<"$metrics")
  p99=$(awk '/^crowd_event_lag_seconds\{.*quantile="0.99"/ { printf "%.1f", $2 * 1000 }' <<<"$metrics")
  count=$(awk '/^crowd_event_lag_seconds_count/ { print $2 }' <<<"$metrics")

  local loader_rps job_seconds
  loader_rps=$(jq -r .rowsPerSecond <<<"$report")
  job_seconds=$(awk -v a="$started" -v b="$finished" 'BEGIN { printf "%.0f", b - a }')
  echo
  echo "redis-benchmark HSET -P 16 (cluster):  $hset_rps req/s, $(p50_of "$hset_out")"
  echo "snapshot:                              $rows relations ($(du -h "$snapshot" | cut -f1) gzipped)"
  echo "loader (membership refresh):           $loader_rps rows/s"
  echo "whole job (refresh, store, retire):    $job_seconds s, $(awk -v r="$rows" -v s="$job_seconds" 'BEGIN { printf "%.0f", r / s }') rows/s"
  echo "batch report:                          $(jq -c '{rowsRead, rowsApplied, rowsSuperseded, rowsSkipped, missedFollows, missedUnfollows}' <<<"$report")"
  echo "ratio loader / pipelined HSET:         $(ratio "$loader_rps" "$hset_rps")   (target >= 0.5)"
  echo "event-to-visible ($count events, $rate/s): p50 $p50 ms, p99 $p99 ms   (target p99 <= 100 ms)"
}
