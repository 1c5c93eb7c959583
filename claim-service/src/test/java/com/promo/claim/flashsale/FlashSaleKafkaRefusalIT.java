package com.promo.claim.flashsale;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.promo.testsupport.ApiClient;
import com.promo.testsupport.TestInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.promo.claim.flashsale.FlashSaleFixture.consumer;
import static com.promo.claim.flashsale.FlashSaleFixture.orderBody;
import static com.promo.claim.flashsale.FlashSaleFixture.service;
import static com.promo.testsupport.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * claim-service whose producer cannot reach Kafka (nothing listens on its address) while its
 * consumers read the real broker, so sales are known as usual: a reservation Kafka does not
 * acknowledge may still have been written by the broker (a batch on the wire when it went away),
 * so its unit is never given back; the ledger records it before the answer instead, idempotent by
 * transaction id, and the order is a 201 like any other. With the ledger's table away as well, the
 * order is a 503 that holds its unit, and the re-drive records it in the ledger once the table is
 * back, Kafka still refusing. The sales are published by a producer of the test's own, on the real
 * broker.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.kafka.producer.bootstrap-servers=127.0.0.1:1",
				"spring.kafka.producer.properties.max.block.ms=500", "promo.flash-sale.user-token-budget=100000",
				"promo.flash-sale.ip-token-budget=1000000", "promo.claim.reconcile-interval=1h",
				"promo.flash-sale.handoff-redrive-after=2s" })
// closed after the class, as FlashSaleApiIT's: its sweepers would act on other tests' sales
@DirtiesContext
class FlashSaleKafkaRefusalIT {

	static final KafkaTemplate<String, byte[]> broker = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(
			Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.get().kafkaBootstrapServers(),
					ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
					ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class)));

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		FlashSaleFixture.infrastructure(registry, "it_flash_refusal");
	}

	@AfterAll
	static void closeBroker() {
		broker.destroy();
	}

	@LocalServerPort
	int port;

	@Autowired
	FlashSaleStore store;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	MeterRegistry meters;

	ApiClient api() {
		return ApiClient.local(this.port);
	}

	double notHandedOff() {
		return this.meters.counter("promo.flash-sale.orders.not.handed.off").count();
	}

	int ledgerRows(long sale) {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM flash_transaction WHERE template_id = ?", Integer.class,
				sale);
	}

	String entryToken(long sale, long user) {
		HttpResponse<String> issued = api().post("/api/flash-sales/" + sale + "/tokens", consumer(user), null);
		assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
		return json(issued, "$.token");
	}

	void pay(String transactionId) {
		HttpResponse<String> paid = api().post("/internal/flash-sales/transactions/" + transactionId + "/paid", service(),
				"{\"amount\":" + FlashSaleFixture.PRICE + ",\"paidAt\":\"" + Instant.now() + "\",\"providerRef\":\"refusal-"
						+ transactionId + "\"}");
		assertThat(paid.statusCode()).as("the transaction is the buyer's to pay: %s", paid.body()).isEqualTo(200);
		assertThat((String) json(paid, "$.status")).isEqualTo("PAID");
	}

	@Test
	void anOrderKafkaDidNotAcknowledgeIsInTheLedgerBeforeItsAnswerAndKeepsItsUnit() {
		long sale = FlashSaleFixture.runningSale(broker, this.store, 10, 1);
		String token = entryToken(sale, 7);
		String key = UUID.randomUUID().toString();
		double notHandedOffBefore = notHandedOff();

		HttpResponse<String> placed = api().post("/api/flash-sales/" + sale + "/orders", consumer(7),
				orderBody(token), "Idempotency-Key", key);

		assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
		String transactionId = json(placed, "$.transactionId");
		assertThat(notHandedOff()).as("the send failed: the order was not handed off").isEqualTo(notHandedOffBefore + 1);
		assertThat(this.jdbc.queryForObject("SELECT status FROM flash_transaction WHERE transaction_id = ?", String.class,
				transactionId))
			.as("recorded by the time of the answer, with no record on the broker")
			.isEqualTo("RESERVED");
		assertThat(this.store.remaining(sale)).as("the unit stays taken").isEqualTo(9);

		HttpResponse<String> replay = api().post("/api/flash-sales/" + sale + "/orders", consumer(7),
				orderBody(token), "Idempotency-Key", key);
		assertThat(replay.statusCode()).isEqualTo(201);
		assertThat(replay.body()).isEqualTo(placed.body());
		assertThat(ledgerRows(sale)).as("one transaction, however often it is asked for").isEqualTo(1);
		assertThat(notHandedOff()).isEqualTo(notHandedOffBefore + 1);

		pay(transactionId);
		assertThat((String) json(api().get("/api/flash-sales/transactions/" + transactionId, consumer(7)), "$.status"))
			.isEqualTo("PAID");
	}

	/**
	 * Kafka refuses the reservation and the ledger cannot record it (its table renamed away: every
	 * statement on it fails, as with the database down). The buyer is told 503 and to retry with the
	 * same key; the unit stays taken, since the order script ran, and so does its hand-off marker.
	 * With the table back and Kafka still refusing, the re-drive records the reservation in the
	 * ledger directly; the retry then replays it as a 201 and the buyer can pay it.
	 */
	@Test
	void anOrderNeitherKafkaNorTheLedgerTookIsRecordedByTheRedriveAndReplayedToItsRetry() {
		long sale = FlashSaleFixture.runningSale(broker, this.store, 10, 1);
		String token = entryToken(sale, 8);
		String key = UUID.randomUUID().toString();

		HttpResponse<String> refused;
		this.jdbc.execute("RENAME TABLE flash_transaction TO flash_transaction_away");
		try {
			refused = api().post("/api/flash-sales/" + sale + "/orders", consumer(8), orderBody(token),
					"Idempotency-Key", key);
			assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
			assertThat((String) json(refused, "$.detail")).contains("retry with the same Idempotency-Key");
			assertThat(this.store.remaining(sale)).as("the unit stays taken").isEqualTo(9);
			assertThat(this.store.unsentBefore(sale, Instant.now().plusSeconds(3600), 10))
				.as("its hand-off marker, left for the re-drive")
				.hasSize(1);
		}
		finally {
			this.jdbc.execute("RENAME TABLE flash_transaction_away TO flash_transaction");
		}

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(ledgerRows(sale)).as("recorded by the re-drive").isEqualTo(1));
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.store.unsentBefore(sale, Instant.now().plusSeconds(3600), 10)).isEmpty());

		HttpResponse<String> retried = api().post("/api/flash-sales/" + sale + "/orders", consumer(8),
				orderBody(token), "Idempotency-Key", key);
		assertThat(retried.statusCode()).as(retried.body()).isEqualTo(201);
		String transactionId = json(retried, "$.transactionId");
		assertThat(this.jdbc.queryForObject("SELECT status FROM flash_transaction WHERE transaction_id = ?", String.class,
				transactionId))
			.as("the retry's answer is the transaction the re-drive recorded")
			.isEqualTo("RESERVED");
		assertThat(this.store.remaining(sale)).as("one unit for the order, however often it was asked").isEqualTo(9);
		assertThat(ledgerRows(sale)).isEqualTo(1);

		pay(transactionId);
	}

}
