# ./promo bench activities: the C-side reads of issue 3 next to a bare endpoint of the same
# services, in one run: GET /api/activities/{id} (activity-service, near cache) and
# GET /api/listings/{id}/coupons (coupon-service, cache), each against the service's liveness
# endpoint GET /ping (the same HTTP stack, no work) as the baseline.

bench_activities() {
  ensure_wrk
  cmd_up >/dev/null
  local ops merchant now activity template listing seller
  now=$(date -u +%s)
  seller=$((RANDOM * 1000 + RANDOM))
  ops=$(cmd_token --role OPS --sub 1)
  merchant=$(cmd_token --role MERCHANT --sub "$seller")
  iso() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }

  log "seeding: an activity whose sign-up is open for 8 s and that then runs for a day"
  activity=$(curl -fsS -X POST localhost:8081/ops/activities -H "Authorization: Bearer $ops" -H 'Content-Type: application/json' \
    -d "{\"title\":\"Bench festival\",\"kind\":\"COUPON\",\"cityIds\":[\"310000\"],\"couponTypes\":[\"AMOUNT_OFF\"],
         \"valueLowerLimit\":100,\"valueUpperLimit\":50000,\"applyStartTime\":\"$(iso $((now - 5)))\",
         \"applyEndTime\":\"$(iso $((now + 8)))\",\"activityStartTime\":\"$(iso $((now + 8)))\",
         \"activityEndTime\":\"$(iso $((now + 86400)))\"}" | jq -r .id)
  curl -fsS -X POST "localhost:8081/ops/activities/$activity/publish" -H "Authorization: Bearer $ops" >/dev/null
  listing=$((now * 1000 + RANDOM))
  kafka_publish promo.item-events "$listing" "{\"eventId\":\"bench-$listing\",\"type\":\"ItemChanged\",\"version\":1,
    \"occurredAt\":\"$(iso "$now")\",\"key\":\"$listing\",\"payload\":{\"eventId\":\"bench-$listing\",\"item\":{\"itemId\":\"$listing\",
    \"sellerId\":\"$seller\",\"title\":\"Bench flat\",\"cityId\":\"310000\",\"listPrice\":300000,\"priceUnit\":\"MONTHLY\",
    \"deposit\":0,\"version\":1},\"occurredAt\":\"$(iso "$now")\"}}"
  wait_for 30 "activity projection" bash -c "curl -fsS -X POST localhost:8082/merchant/activities/$activity/signups -H 'Authorization: Bearer $merchant' -o /dev/null"
  template=$(curl -fsS -X POST localhost:8082/merchant/coupon-templates -H "Authorization: Bearer $merchant" \
    -H 'Content-Type: application/json' -d "{\"activityId\":\"$activity\",\"cityId\":\"310000\",\"type\":\"AMOUNT_OFF\",
    \"title\":\"Bench 30 off\",\"amountOff\":3000,\"totalStock\":1000,\"validity\":{\"type\":\"FLOATING\",\"days\":30}}" | jq -r .id)
  curl -fsS -X POST "localhost:8082/merchant/coupon-templates/$template/enable" -H "Authorization: Bearer $merchant" >/dev/null
  wait_for 30 "listing projection" bash -c "curl -fsS -X POST localhost:8082/merchant/coupon-templates/$template/bindings \
    -H 'Authorization: Bearer $merchant' -H 'Content-Type: application/json' -d '{\"listingIds\":[\"$listing\"]}' | grep -q '\"bound\":\[\"$listing\"\]'"
  wait_for 30 "the activity to run and the coupon to be claimable" bash -c \
    "curl -fsS localhost:8082/api/listings/$listing/coupons | grep -q $template"

  bench_endpoints \
    "activity bare (/ping)=http://127.0.0.1:8081/ping" \
    "GET /api/activities/{id}=http://127.0.0.1:8081/api/activities/$activity" \
    "coupon bare (/ping)=http://127.0.0.1:8082/ping" \
    "GET /api/listings/{id}/coupons=http://127.0.0.1:8082/api/listings/$listing/coupons"
  echo
  echo "ratio GET /api/activities/{id} / bare:        $(ratio "${BENCH_RPS[GET /api/activities/{id}]}" "${BENCH_RPS[activity bare (/ping)]}")"
  echo "ratio GET /api/listings/{id}/coupons / bare:  $(ratio "${BENCH_RPS[GET /api/listings/{id}/coupons]}" "${BENCH_RPS[coupon bare (/ping)]}")"
  echo "(wrk -t2 -c$BENCH_CONNECTIONS, ${BENCH_SECONDS} s per run, median of $BENCH_ROUNDS interleaved rounds; 2 cores shared by client and servers)"
}
