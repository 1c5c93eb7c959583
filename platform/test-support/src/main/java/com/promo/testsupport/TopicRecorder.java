package com.promo.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import com.promo.contracts.EventCodec;
import com.promo.contracts.EventEnvelope;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic of the real broker from its beginning, as a fresh consumer group would, and
 * collects the envelopes a test is interested in. Close it when done.
 */
public final class TopicRecorder implements AutoCloseable {

	private final KafkaConsumer<String, byte[]> consumer;

	private final List<EventEnvelope> seen = new ArrayList<>();

	public TopicRecorder(String topic) {
		this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
				TestInfrastructure.get().kafkaBootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG,
				"test-recorder-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
				new StringDeserializer(), new ByteArrayDeserializer());
		this.consumer.subscribe(List.of(topic));
	}

	/** Keeps polling for {@code duration}, for tests that assert nothing more arrives. */
	public List<EventEnvelope> drain(Duration duration) {
		long deadline = System.nanoTime() + duration.toNanos();
		while (System.nanoTime() < deadline) {
			poll(Duration.ofMillis(200));
		}
		return List.copyOf(this.seen);
	}

	public List<EventEnvelope> forKey(String key) {
		return matching(envelope -> envelope.key().equals(key));
	}

	/**
	 * Polls until {@code done} holds for the envelopes {@code filter} accepts, or the timeout
	 * passes. Filter on something unique to the test (keys such as database ids repeat across
	 * test databases that share the broker).
	 */
	public List<EventEnvelope> await(Predicate<EventEnvelope> filter, Predicate<List<EventEnvelope>> done,
			Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		List<EventEnvelope> matching = matching(filter);
		while (!done.test(matching) && System.nanoTime() < deadline) {
			poll(Duration.ofMillis(200));
			matching = matching(filter);
		}
		return matching;
	}

	public List<EventEnvelope> matching(Predicate<EventEnvelope> filter) {
		return this.seen.stream().filter(filter).toList();
	}

	private void poll(Duration duration) {
		for (ConsumerRecord<String, byte[]> record : this.consumer.poll(duration)) {
			try {
				this.seen.add(EventCodec.decodeEnvelope(record.value()));
			}
			catch (RuntimeException notAnEnvelope) {
				// other tests' records on a shared topic may be anything
			}
		}
	}

	@Override
	public void close() {
		this.consumer.close();
	}

}
