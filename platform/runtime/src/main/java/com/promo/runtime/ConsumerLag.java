package com.promo.runtime;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidGroupIdException;

import org.springframework.kafka.listener.BatchInterceptor;
import org.springframework.kafka.listener.RecordInterceptor;

/**
 * {@code promo.kafka.consumer.lag{group,topic}} in seconds: how old the oldest record a consumer
 * group of this process has not processed yet is, 0 when it has read everything there is. Kafka's
 * own client metrics give the lag in records; this gives it in time, which is what a user waits.
 * <p>
 * Installed on every listener container (record and batch listeners) as their interceptor. A
 * partition is behind from the moment its records are handed to the listener until a processed
 * poll leaves nothing to read on it ({@link Consumer#currentLag}, known from the last fetch, no
 * request to the broker); while it is still behind after a poll, the newest record processed stands
 * for the next one. A listener that keeps failing (the error handler retries for as long as it
 * takes) stays behind and its lag grows. A partition not heard of for {@link #FORGOTTEN_AFTER} (it
 * moved to another instance in a rebalance, or the consumer stopped polling, which Kafka's records
 * lag shows) no longer counts.
 */
public class ConsumerLag implements RecordInterceptor<Object, Object>, BatchInterceptor<Object, Object> {

	static final Duration FORGOTTEN_AFTER = Duration.ofMinutes(2);

	/** Groups named with a random suffix per process (catalog invalidation): one tag value for all. */
	private static final Pattern RANDOM_SUFFIX = Pattern
		.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

	private record Behind(long sinceMillis, long touchedMillis) {
	}

	private final MeterRegistry meters;

	private final Clock clock;

	/** Per group and topic: the partitions that are behind, and since when. */
	private final Map<String, Map<TopicPartition, Behind>> groups = new ConcurrentHashMap<>();

	public ConsumerLag(MeterRegistry meters, Clock clock) {
		this.meters = meters;
		this.clock = clock;
	}

	/** The lag in seconds of {@code group} on {@code topic} now (0 when not behind or unknown). */
	public double seconds(String group, String topic) {
		Map<TopicPartition, Behind> partitions = this.groups.get(key(group, topic));
		if (partitions == null) {
			return 0;
		}
		long now = this.clock.millis();
		long oldest = partitions.values()
			.stream()
			.filter((behind) -> now - behind.touchedMillis() < FORGOTTEN_AFTER.toMillis())
			.mapToLong(Behind::sinceMillis)
			.min()
			.orElse(now);
		return Math.max(0, now - oldest) / 1000.0;
	}

	@Override
	public ConsumerRecord<Object, Object> intercept(ConsumerRecord<Object, Object> record,
			Consumer<Object, Object> consumer) {
		handedOver(group(consumer), record);
		return record;
	}

	@Override
	public void success(ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
		processed(group(consumer), record, consumer);
	}

	@Override
	public void failure(ConsumerRecord<Object, Object> record, Exception exception,
			Consumer<Object, Object> consumer) {
		// still behind: the record is retried (or sent to its dead-letter topic, then the next poll
		// says whether anything is left)
	}

	@Override
	public ConsumerRecords<Object, Object> intercept(ConsumerRecords<Object, Object> records,
			Consumer<Object, Object> consumer) {
		String group = group(consumer);
		records.forEach((record) -> handedOver(group, record));
		return records;
	}

	@Override
	public void success(ConsumerRecords<Object, Object> records, Consumer<Object, Object> consumer) {
		String group = group(consumer);
		records.forEach((record) -> processed(group, record, consumer));
	}

	@Override
	public void failure(ConsumerRecords<Object, Object> records, Exception exception,
			Consumer<Object, Object> consumer) {
		// still behind, as for a record
	}

	private void handedOver(String group, ConsumerRecord<Object, Object> record) {
		long now = this.clock.millis();
		partitions(group, record.topic()).compute(new TopicPartition(record.topic(), record.partition()),
				(partition, behind) -> new Behind(
						(behind == null || behind.sinceMillis() == 0) ? record.timestamp() : behind.sinceMillis(), now));
	}

	private void processed(String group, ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
		TopicPartition partition = new TopicPartition(record.topic(), record.partition());
		// records left on the partition after this one (the consumer thread may ask its consumer)
		long left = consumer.currentLag(partition).orElse(0);
		long now = this.clock.millis();
		Map<TopicPartition, Behind> partitions = partitions(group, record.topic());
		if (left == 0) {
			partitions.remove(partition);
		}
		else {
			partitions.put(partition, new Behind(record.timestamp(), now));
		}
	}

	private Map<TopicPartition, Behind> partitions(String group, String topic) {
		return this.groups.computeIfAbsent(key(group, topic), (key) -> {
			Gauge.builder("promo.kafka.consumer.lag", this, (lag) -> lag.seconds(group, topic))
				.description("How old the oldest record this consumer group has not processed yet is (0: none left)")
				.baseUnit("seconds")
				.tag("group", group)
				.tag("topic", topic)
				.register(this.meters);
			return new ConcurrentHashMap<>();
		});
	}

	private static String key(String group, String topic) {
		return group + '\n' + topic;
	}

	private static String group(Consumer<Object, Object> consumer) {
		try {
			return RANDOM_SUFFIX.matcher(consumer.groupMetadata().groupId()).replaceAll("random");
		}
		catch (InvalidGroupIdException ex) {
			// a consumer of assigned partitions, without a group
			return "none";
		}
	}

}
