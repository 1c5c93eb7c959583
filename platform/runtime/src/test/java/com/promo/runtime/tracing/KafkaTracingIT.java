package com.promo.runtime.tracing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import com.promo.testsupport.TestInfrastructure;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Trace context through the real broker with the platform's settings (promo-service-defaults.yml:
 * W3C only, observation on the template and the containers, the log pattern): the producer writes
 * {@code traceparent} into the record's headers, and both kinds of consumer log in the sender's
 * trace, a record listener through its container's observation, a batch listener per record
 * through {@link RecordTracing}. An unsampled trace is followed in the logs as well.
 */
@ExtendWith(OutputCaptureExtension.class)
class KafkaTracingIT {

	static final String TOPIC = "it-tracing-" + UUID.randomUUID();

	private static final Logger log = LoggerFactory.getLogger(KafkaTracingIT.class);

	@SpringBootConfiguration
	@ImportAutoConfiguration({ KafkaAutoConfiguration.class, ObservationAutoConfiguration.class,
			MicrometerTracingAutoConfiguration.class, BraveAutoConfiguration.class, RecordTracingAutoConfiguration.class })
	static class Listening {

		/** What each listener saw, by record value: its trace headers. */
		final Map<String, String> batchSaw = new ConcurrentHashMap<>();

		final Map<String, String> recordSaw = new ConcurrentHashMap<>();

		@Bean
		NewTopic topic() {
			return TopicBuilder.name(TOPIC).partitions(1).replicas(1).build();
		}

		@Bean
		BatchListener batchListener(RecordTracing tracing) {
			return new BatchListener(this, tracing);
		}

		@KafkaListener(id = "it-tracing-record", groupId = "it-tracing-record-${it.run}", topics = "${it.topic}")
		void onRecord(ConsumerRecord<String, byte[]> record) {
			String value = new String(record.value(), StandardCharsets.UTF_8);
			this.recordSaw.put(value, traceparent(record));
			log.info("record listener got {}", value);
		}

	}

	static class BatchListener {

		private final Listening seen;

		private final RecordTracing tracing;

		BatchListener(Listening seen, RecordTracing tracing) {
			this.seen = seen;
			this.tracing = tracing;
		}

		@KafkaListener(id = "it-tracing-batch", groupId = "it-tracing-batch-${it.run}", topics = "${it.topic}",
				batch = "true")
		void onBatch(List<ConsumerRecord<String, byte[]>> records) {
			for (ConsumerRecord<String, byte[]> record : records) {
				String value = new String(record.value(), StandardCharsets.UTF_8);
				this.tracing.run(record, () -> {
					this.seen.batchSaw.put(value, traceparent(record));
					log.info("batch listener got {}", value);
				});
			}
		}

	}

	static String traceparent(ConsumerRecord<?, ?> record) {
		Header header = record.headers().lastHeader("traceparent");
		return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
	}

	private static ConfigurableApplicationContext start(String sampling) {
		// arguments, not default properties: they must win over promo-service-defaults.yml
		return new SpringApplicationBuilder(Listening.class).web(WebApplicationType.NONE)
			.run("--spring.application.name=kafka-tracing-it",
					"--spring.kafka.bootstrap-servers=" + TestInfrastructure.get().kafkaBootstrapServers(),
					"--management.tracing.sampling.probability=" + sampling, "--it.topic=" + TOPIC,
					"--it.run=" + UUID.randomUUID());
	}

	@Test
	void theProducerWritesTraceparentAndEveryConsumerLogsInTheSendersTrace(CapturedOutput output) throws Exception {
		try (ConfigurableApplicationContext context = start("1.0")) {
			Listening listening = context.getBean(Listening.class);
			Tracer tracer = context.getBean(Tracer.class);
			@SuppressWarnings("unchecked")
			KafkaTemplate<String, byte[]> kafka = context.getBean(KafkaTemplate.class);

			Span request = tracer.nextSpan().name("a request").start();
			try (Tracer.SpanInScope scope = tracer.withSpan(request)) {
				kafka.send(TOPIC, "k", "sampled".getBytes(StandardCharsets.UTF_8)).get();
			}
			finally {
				request.end();
			}
			String traceId = request.context().traceId();

			await().atMost(Duration.ofSeconds(60))
				.until(() -> listening.batchSaw.containsKey("sampled") && listening.recordSaw.containsKey("sampled"));
			// W3C only: version-traceId-parentId-flags, sampled; no B3 headers beside it
			assertThat(listening.batchSaw.get("sampled")).matches("00-" + traceId + "-[0-9a-f]{16}-01");
			assertThat(listening.recordSaw.get("sampled")).isEqualTo(listening.batchSaw.get("sampled"));
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				assertThat(lineWith(output, "batch listener got sampled")).contains(traceId);
				assertThat(lineWith(output, "record listener got sampled")).contains(traceId);
			});
		}
	}

	@Test
	void anUnsampledTraceIsStillInTheConsumersLogLines(CapturedOutput output) throws Exception {
		try (ConfigurableApplicationContext context = start("0.1")) {
			Listening listening = context.getBean(Listening.class);
			@SuppressWarnings("unchecked")
			ProducerFactory<String, byte[]> producers = context.getBean(ProducerFactory.class);
			String traceId = hex(32);
			String traceparent = "00-" + traceId + "-" + hex(16) + "-00";

			// a plain producer (no observation): the record carries exactly the caller's unsampled context
			try (Producer<String, byte[]> producer = producers.createProducer()) {
				ProducerRecord<String, byte[]> record = new ProducerRecord<>(TOPIC, "k",
						"unsampled".getBytes(StandardCharsets.UTF_8));
				record.headers().add("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
				producer.send(record).get();
			}

			await().atMost(Duration.ofSeconds(60))
				.until(() -> listening.batchSaw.containsKey("unsampled") && listening.recordSaw.containsKey("unsampled"));
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				assertThat(lineWith(output, "batch listener got unsampled")).contains(traceId);
				assertThat(lineWith(output, "record listener got unsampled")).contains(traceId);
			});
		}
	}

	private static String lineWith(CapturedOutput output, String text) {
		return output.getOut().lines().filter(line -> line.contains(text)).findFirst().orElse("");
	}

	private static String hex(int digits) {
		StringBuilder hex = new StringBuilder();
		while (hex.length() < digits) {
			hex.append(Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE));
		}
		return hex.substring(0, digits);
	}

}
