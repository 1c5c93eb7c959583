package com.promo.activity;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import com.promo.contracts.EventCodec;
import com.promo.contracts.EventEnvelope;
import com.promo.contracts.EventType;
import com.promo.contracts.Topic;
import com.promo.testsupport.HealthProbe;
import com.promo.testsupport.OpenApiSnapshots;
import com.promo.testsupport.PromoTestProperties;
import com.promo.testsupport.TestInfrastructure;
import com.promo.testsupport.TestTokens;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ActivityServiceIT {

	record Probe(String activityId, long value) {
	}

	static final EventType<Probe> PROBE = EventType.of("ProbeSent", 1, Topic.ACTIVITY_EVENTS, Probe.class);

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		PromoTestProperties.infrastructure(registry);
		PromoTestProperties.database(registry, "it_activity");
	}

	static final HttpClient HTTP = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	KafkaTemplate<String, byte[]> kafka;

	@Test
	void readinessIncludesTheRealDatabaseRedisClusterAndKafka() {
		HealthProbe.assertReady("http://localhost:" + this.port, "db", "redis", "kafka");
	}

	@Test
	void healthShowsEachComponentToEveryoneAndItsDetailsOnlyToOperators() throws Exception {
		String url = "http://localhost:" + this.port + "/actuator/health";
		for (String role : new String[] { null, "CONSUMER", "MERCHANT", "SERVICE" }) {
			String body = health(url, role == null ? null : TestTokens.token("5", role));
			assertThat(JsonPath.<String>read(body, "$.components.db.status")).as(body).isEqualTo("UP");
			assertThat(body).as("health seen by %s", role == null ? "anyone" : role).doesNotContain("\"details\"");
		}
		String ops = health(url, TestTokens.token("1", "OPS"));
		assertThat(JsonPath.<String>read(ops, "$.components.db.details.database")).isEqualTo("MariaDB");
		assertThat(JsonPath.<Object>read(ops, "$.components.kafka.details.clusterId")).isNotNull();
	}

	private static String health(String url, String token) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return response.body();
	}

	@Test
	void theCommittedOpenApiDocumentIsTheOneTheServiceServes() {
		OpenApiSnapshots.assertCommitted("http://localhost:" + this.port, "activity-service", getClass());
	}

	@Test
	void anEnvelopeMakesARoundTripThroughTheRealBroker() throws Exception {
		String topic = "it.activity.round-trip." + UUID.randomUUID();
		EventEnvelope sent = EventEnvelope.of(PROBE, "42", Instant.now(), new Probe("42", 1888));

		this.kafka.send(topic, sent.key(), EventCodec.encode(sent)).get(10, TimeUnit.SECONDS);

		Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
				TestInfrastructure.get().kafkaBootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
				ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
				new ByteArrayDeserializer())) {
			consumer.subscribe(List.of(topic));
			ConsumerRecord<String, byte[]> received = null;
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (received == null && System.nanoTime() < deadline) {
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
					received = record;
				}
			}
			assertThat(received).as("record on %s", topic).isNotNull();
			EventEnvelope read = EventCodec.decodeEnvelope(received.value());
			assertThat(received.key()).isEqualTo("42");
			assertThat(read.eventId()).isEqualTo(sent.eventId());
			assertThat(EventCodec.payload(read, PROBE)).isEqualTo(new Probe("42", 1888));
		}
	}

	@Test
	void thePlatformTopicsExistOnTheBroker() throws Exception {
		try (var admin = org.apache.kafka.clients.admin.Admin
			.create(Map.of("bootstrap.servers", TestInfrastructure.get().kafkaBootstrapServers()))) {
			assertThat(admin.listTopics().names().get(10, TimeUnit.SECONDS)).containsAll(Topic.allWireNames())
				.contains(Topic.CLAIM_EVENTS.deadLetterName());
		}
	}

}
