# A single-node KRaft Kafka broker on 9092 (controller on 9093), its jars from Maven Central.
# Sourced by ./promo after lib.sh and use_jdk.

KAFKA_HOME=$PROMO_STATE/kafka
KAFKA_PID=$PROMO_RUN/kafka.pid

kafka_libs() {
  local stamp=$KAFKA_HOME/libs/.resolved
  if [ ! -f "$stamp" ] || [ "$PROMO_ROOT/infra/kafka/pom.xml" -nt "$stamp" ]; then
    log "resolving the Kafka broker's jars from Maven Central"
    rm -rf "$KAFKA_HOME/libs"
    "$PROMO_ROOT/mvnw" -q -B -f "$PROMO_ROOT/infra/kafka/pom.xml" dependency:copy-dependencies \
      -DoutputDirectory="$KAFKA_HOME/libs" >"$PROMO_LOGS/kafka-resolve.log" 2>&1 \
      || die "resolving Kafka failed, see $PROMO_LOGS/kafka-resolve.log"
    touch "$stamp"
  fi
}

kafka_java_args() { echo -Xms256m -Xmx512m -Dlog4j2.configurationFile="$PROMO_ROOT/infra/kafka/log4j2.properties"; }
kafka_java() { java $(kafka_java_args) -cp "$KAFKA_HOME/libs/*" "$@"; }

kafka_up() {
  # ours from an earlier `up`, or the broker of another checkout of the platform: reuse it
  if port_open "$PROMO_KAFKA_PORT"; then log "Kafka already running on $PROMO_KAFKA_PORT"; return; fi
  kafka_libs
  mkdir -p "$KAFKA_HOME"
  cat >"$KAFKA_HOME/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
listeners=PLAINTEXT://127.0.0.1:$PROMO_KAFKA_PORT,CONTROLLER://127.0.0.1:$PROMO_KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PROMO_KAFKA_PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.quorum.bootstrap.servers=127.0.0.1:$PROMO_KAFKA_CONTROLLER_PORT
log.dirs=$KAFKA_HOME/data
num.partitions=3
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
PROPS
  if [ ! -f "$KAFKA_HOME/data/meta.properties" ]; then
    local cluster_id
    cluster_id=$(kafka_java kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1) # the tool logs to stdout too
    kafka_java kafka.tools.StorageTool format -t "$cluster_id" \
      -c "$KAFKA_HOME/server.properties" --standalone >"$PROMO_LOGS/kafka-format.log" 2>&1 \
      || die "formatting the Kafka log folder failed, see $PROMO_LOGS/kafka-format.log"
  fi
  # started directly (not through a shell function) so that the recorded pid is the broker's own
  without_inherited_fds java $(kafka_java_args) -cp "$KAFKA_HOME/libs/*" kafka.Kafka "$KAFKA_HOME/server.properties" </dev/null >"$PROMO_LOGS/kafka.log" 2>&1 &
  echo $! >"$KAFKA_PID"
  wait_for 90 "Kafka on $PROMO_KAFKA_PORT" kafka_ready || die "Kafka did not start, see $PROMO_LOGS/kafka.log"
}

# The broker opens its port before it can serve; wait for the log line that says it can.
kafka_ready() { port_open "$PROMO_KAFKA_PORT" && grep -q 'Kafka Server started' "$PROMO_LOGS/kafka.log"; }

kafka_down() { stop_pidfile "$KAFKA_PID" Kafka; }

kafka_status() {
  if port_open "$PROMO_KAFKA_PORT"; then echo "kafka        UP    127.0.0.1:$PROMO_KAFKA_PORT"
  else echo "kafka        DOWN"; fi
}

# The durable consumer groups of the platform's services (the catalogs' invalidation listeners take a
# random group each start and read only new records); deploy-tests' KafkaConsumerGroupsTest checks the
# list against the services' @KafkaListeners.
PROMO_CONSUMER_GROUPS=(claim-service claim-service-flash-sales coupon-service crowd-sync-service)

# Drops, per partition, the records every platform group that reads it has committed past. No service
# replays a topic (their state is in MariaDB and Redis), so those records serve no one; the tests'
# consumer groups are new and start at the earliest offset, and would otherwise read through the
# millions a benchmark leaves (and act on them) before their own. A record some platform group has
# not read yet stays, and so does every record of a partition no platform group has committed on.
kafka_trim_consumed() {
  port_open "$PROMO_KAFKA_PORT" || die "Kafka is not running on $PROMO_KAFKA_PORT (./promo infra up)"
  local described plan
  described=$(kafka_java org.apache.kafka.tools.consumer.group.ConsumerGroupCommand \
    --bootstrap-server "127.0.0.1:$PROMO_KAFKA_PORT" --describe --offsets --all-groups 2>/dev/null) \
    || die "reading the consumer groups' offsets failed"
  # rows: GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG ...; the lowest committed offset per
  # partition over the platform's groups
  plan=$(awk -v groups="${PROMO_CONSUMER_GROUPS[*]}" '
    BEGIN { split(groups, g, " "); for (i in g) platform[g[i]] = 1 }
    ($1 in platform) && $3 ~ /^[0-9]+$/ && $4 ~ /^[0-9]+$/ {
      key = $2 " " $3
      if (!(key in low) || $4 < low[key]) low[key] = $4
    }
    END { for (key in low) if (low[key] > 0) { split(key, k, " "); print k[1], k[2], low[key] } }' <<<"$described")
  if [ -z "$plan" ]; then return; fi
  local json
  json=$(awk 'BEGIN { printf "{\"version\":1,\"partitions\":[" }
    { printf "%s{\"topic\":\"%s\",\"partition\":%s,\"offset\":%s}", (NR > 1 ? "," : ""), $1, $2, $3 }
    END { print "]}" }' <<<"$plan")
  printf '%s\n' "$json" >"$KAFKA_HOME/trim.json"
  kafka_java org.apache.kafka.tools.DeleteRecordsCommand --bootstrap-server "127.0.0.1:$PROMO_KAFKA_PORT" \
    --offset-json-file "$KAFKA_HOME/trim.json" >"$PROMO_LOGS/kafka-trim.log" 2>&1 \
    || die "dropping the records the platform has read failed, see $PROMO_LOGS/kafka-trim.log"
  log "Kafka: dropped the records every platform consumer group has read ($(wc -l <<<"$plan") partitions)"
}
