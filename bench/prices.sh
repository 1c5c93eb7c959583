# ./promo bench prices: GET /api/prices with 20 items per request for a population of buyers, at
# 10^3 and at 10^6 fan-price rules, next to the bare GET /ping of the same service in the same run.
# Two instances of discount-pricing-service run side by side on their own databases
# (promo_pricing_bench_1k / _1m, bulk-loaded with MariaDB's sequence engine) and the real Redis
# Cluster holds the buyers' crowd hashes (pipelined through redis-cli). Prints req/s, p50/p99, the
# Redis commands per request (INFO commandstats of every node) and the ratios to the targets:
# req/s >= 0.5 x bare, p99 unchanged from 10^3 to 10^6 rules.

BENCH_PRICE_ITEM_BASE=7000000000000   # item ids: BASE + n (13 digits, "7000000" + 6 digits)
BENCH_PRICE_SELLER_BASE=800000000     # 1000 sellers: BASE + n % 1000
BENCH_PRICE_USER_BASE=900000000       # buyers: BASE + u
BENCH_PRICE_USERS=${BENCH_PRICE_USERS:-2000}
BENCH_PRICE_HOT_ITEMS=${BENCH_PRICE_HOT_ITEMS:-50000}

bench_prices() {
  ensure_wrk
  infra_up
  local dir=$PROMO_STATE/bench jar
  mkdir -p "$dir"
  jar=$(service_jar discount-pricing-service)
  if [ -z "$jar" ]; then
    log "building discount-pricing-service (./mvnw package, tests skipped)"
    (cd "$PROMO_ROOT" && ./mvnw -B -q -ntp -DskipTests -pl discount-pricing-service -am package >"$PROMO_LOGS/build.log" 2>&1) \
      || die "build failed, see $PROMO_LOGS/build.log"
    jar=$(service_jar discount-pricing-service)
  fi
  trap 'bench_prices_stop 1k; bench_prices_stop 1m' EXIT

  # 10^3 rules: 500 items with 2 fan prices each; 10^6 rules: 500 000 items with 2 each
  bench_prices_instance 1k 8095 1000 "$jar"
  bench_prices_instance 1m 8096 1000000 "$jar"
  bench_prices_crowds
  local items_1k=500 items_1m=500000
  bench_prices_script "$dir/prices-1k.lua" "$items_1k"
  local hot_1m=$((items_1m < BENCH_PRICE_HOT_ITEMS ? items_1m : BENCH_PRICE_HOT_ITEMS))
  bench_prices_script "$dir/prices-1m.lua" "$hot_1m"

  log "warming both instances: every queried item loaded once, then unmeasured runs (JIT, garbage collector)"
  bench_prices_preload 8095 "$items_1k"
  bench_prices_preload 8096 "$hot_1m"
  wrk_once "http://127.0.0.1:8095/ping" >/dev/null
  wrk_once "http://127.0.0.1:8095/api/prices" "" "$dir/prices-1k.lua" >/dev/null
  wrk_once "http://127.0.0.1:8096/api/prices" "" "$dir/prices-1m.lua" >/dev/null
  wrk_once "http://127.0.0.1:8096/api/prices" "" "$dir/prices-1m.lua" >/dev/null

  local bare="bare (/ping)" small="prices, 20 items, 10^3 rules" large="prices, 20 items, 10^6 rules"
  bench_rounds "$bare|http://127.0.0.1:8095/ping|" \
    "$small|http://127.0.0.1:8095/api/prices|$dir/prices-1k.lua" \
    "$large|http://127.0.0.1:8096/api/prices|$dir/prices-1m.lua"

  log "counting Redis commands per request (INFO commandstats on all six nodes around one run at 10^6 rules)"
  local hmget_before all_before hmget_after all_after requests
  hmget_before=$(redis_calls hmget); all_before=$(redis_calls all)
  requests=$(wrk -t2 -c"$BENCH_CONNECTIONS" -d"${BENCH_SECONDS}s" -s "$dir/prices-1m.lua" http://127.0.0.1:8096/api/prices 2>&1 \
    | awk '/requests in/ { print $1 }')
  hmget_after=$(redis_calls hmget); all_after=$(redis_calls all)

  echo
  echo "ratio 10^3 rules / bare (req/s):   $(ratio "${BENCH_RPS[$small]}" "${BENCH_RPS[$bare]}")   (target >= 0.5)"
  echo "ratio 10^6 rules / bare (req/s):   $(ratio "${BENCH_RPS[$large]}" "${BENCH_RPS[$bare]}")   (target >= 0.5)"
  echo "p99 10^6 rules / p99 10^3 rules:   $(ratio "${BENCH_P99[$large]}" "${BENCH_P99[$small]}")   (target: unchanged, about 1)"
  echo "Redis HMGET per request:           $(ratio $((hmget_after - hmget_before)) "$requests")   ($requests requests; target 1)"
  echo "Redis commands per request (all):  $(ratio $((all_after - all_before)) "$requests")   (other clients of the cluster count too)"
  echo "(wrk -t2 -c$BENCH_CONNECTIONS, ${BENCH_SECONDS} s per run, median of $BENCH_ROUNDS interleaved rounds; $BENCH_PRICE_USERS buyers,"
  echo " 1000 sellers, 2 fan prices per item, each buyer in 30 crowds; the 10^6 run queries the $BENCH_PRICE_HOT_ITEMS most popular"
  echo " of its 500 000 items, which the near cache holds; 2 cores shared by wrk, both instances and the infrastructure)"
}

# bench_prices_instance NAME PORT RULES JAR: a fresh database with RULES fan prices, and an instance on it
bench_prices_instance() {
  local name=$1 port=$2 rules=$3 jar=$4 db=promo_pricing_bench_$1 items=$(($3 / 2))
  port_open "$port" && die "port $port is taken; stop what runs there first"
  mariadb_app_client -e "DROP DATABASE IF EXISTS $db; CREATE DATABASE $db"
  log "starting discount-pricing-service on $port over $db"
  # shellcheck disable=SC2086
  PORT=$port PROMO_PRICING_DB_URL="jdbc:mariadb://127.0.0.1:$PROMO_MARIADB_PORT/$db" \
    PROMO_JWT_SECRET=${PROMO_JWT_SECRET:-$PROMO_DEV_JWT_SECRET} \
    java ${PROMO_JAVA_OPTS:--Xms256m -Xmx512m -XX:+UseSerialGC} -jar "$jar" --spring.profiles.active=local \
    </dev/null >"$PROMO_LOGS/bench-pricing-$name.log" 2>&1 &
  echo $! >"$PROMO_RUN/bench-pricing-$name.pid"
  wait_for 120 "bench pricing instance $name" curl -fsS -m 2 "http://127.0.0.1:$port/actuator/health/readiness" \
    || die "bench pricing instance $name not ready after 120 s, see $PROMO_LOGS/bench-pricing-$name.log"
  log "loading $items items and $rules fan prices into $db"
  mariadb_app_client "$db" -e "
    INSERT INTO item (id, seller_id, title, city_id, list_price, price_unit, deposit, version, rules_version, created_at, updated_at)
      SELECT $BENCH_PRICE_ITEM_BASE + seq, $BENCH_PRICE_SELLER_BASE + seq % 1000, 'Bench item', '310000',
        10000 + (seq % 100) * 100, 'ONE_TIME', 0, 1, 2, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) FROM seq_0_to_$((items - 1));
    INSERT INTO fan_price (item_id, crowd_type, price, updated_at)
      SELECT $BENCH_PRICE_ITEM_BASE + seq, 'ALL_FANS', 9500 + (seq % 100) * 100, UTC_TIMESTAMP(6) FROM seq_0_to_$((items - 1));
    INSERT INTO fan_price (item_id, crowd_type, price, updated_at)
      SELECT $BENCH_PRICE_ITEM_BASE + seq, IF(seq % 2 = 0, 'OLD_FANS', 'BUY_FANS'), 9000 + (seq % 100) * 100, UTC_TIMESTAMP(6)
      FROM seq_0_to_$((items - 1));"
  [ "$(mariadb_app_client "$db" -N -e 'SELECT COUNT(*) FROM fan_price')" = "$rules" ] || die "$db does not hold $rules fan prices"
}

# bench_prices_preload PORT COUNT: the first COUNT items through the near cache, 100 per request
bench_prices_preload() {
  local port=$1 count=$2 start
  for ((start = 0; start < count; start += 100)); do
    curl -fsS -o /dev/null "http://127.0.0.1:$port/api/prices?itemIds=$(seq -s, $((BENCH_PRICE_ITEM_BASE + start)) \
      $((BENCH_PRICE_ITEM_BASE + (start + 100 < count ? start + 100 : count) - 1)))" || die "preloading items failed on $port"
  done
}

bench_prices_stop() { stop_pidfile "$PROMO_RUN/bench-pricing-$1.pid" "bench pricing instance $1"; }

# Every buyer's crowd hash, as crowd-sync writes it: 30 crowds of the 1000 sellers, valid for a day.
bench_prices_crowds() {
  log "writing the crowd hashes of $BENCH_PRICE_USERS buyers into the Redis Cluster (pipelined, redis-cli -c)"
  awk -v users="$BENCH_PRICE_USERS" -v ubase="$BENCH_PRICE_USER_BASE" -v sbase="$BENCH_PRICE_SELLER_BASE" \
    -v until="$(($(date +%s) + 86400))" 'BEGIN {
      split("_all_fans _old_fans _buy_fans", type, " ")
      for (u = 1; u <= users; u++) {
        line = "HSET {u:" (ubase + u) "}:crowds"
        for (k = 0; k < 30; k++) line = line " " (sbase + (u * 7 + k * 37) % 1000) type[k % 3 + 1] " " until
        print line; print "EXPIRE {u:" (ubase + u) "}:crowds 86400"
      } }' | redis-cli -c -p "${PROMO_REDIS_PORTS[0]}" >/dev/null
}

# bench_prices_script FILE HOT_ITEMS: wrk requests of 20 random items among the first HOT_ITEMS, random buyers
bench_prices_script() {
  local file=$1 hot=$2 u
  {
    echo "tokens = {"
    for u in $(seq 1 200); do printf '"%s",\n' "$(cmd_token --role CONSUMER --sub $((BENCH_PRICE_USER_BASE + (u * 9) % BENCH_PRICE_USERS + 1)))"; done
    echo "}"
    echo "request = function()"
    echo "  local ids = {}"
    echo "  for i = 1, 20 do ids[i] = string.format('%.0f', $BENCH_PRICE_ITEM_BASE + math.random(0, $hot - 1)) end"
    echo "  return wrk.format('GET', '/api/prices?itemIds=' .. table.concat(ids, ','), {['Authorization'] = 'Bearer ' .. tokens[math.random(#tokens)]}, nil)"
    echo "end"
  } >"$file"
}

# redis_calls hmget|all: calls summed over every node of the cluster (all: every command but the
# monitoring and cluster housekeeping ones)
redis_calls() {
  local port total=0 n
  for port in "${PROMO_REDIS_PORTS[@]}"; do
    n=$(redis-cli -p "$port" info commandstats | tr -d '\r' | awk -F'[:=,]' -v want="$1" '
      /^cmdstat_/ { cmd = substr($1, 9)
        if (want == "all" ? cmd !~ /^(info|ping|cluster|client|config|hello|command|readonly|slowlog|latency)/ : cmd == want) s += $3 }
      END { print s + 0 }')
    total=$((total + n))
  done
  echo "$total"
}
