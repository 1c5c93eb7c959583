package com.promo.claim.flashsale;

import java.net.http.HttpResponse;
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

/**
 * claim-service whose producer cannot reach Kafka (nothing listens on its address) while its
 * consumers read the real broker, so sales are known as usual: a reservation Kafka does not
 * acknowledge may still have been written by the broker (a batch on the wire when it went away),
 * so its unit is never given back; the ledger records it before the answer instead, idempotent by
 * transaction id, and the order is a 201 like any other. The sales are published by a producer of
 * the test's own, on the real broker.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.kafka.producer.bootstrap-servers=127.0.0.1:1",
				"spring.kafka.producer.properties.max.block.ms=500", "promo.flash-sale.user-token-budget=100000",
				"promo.flash-sale.ip-token-budget=1000000", "promo.claim.reconcile-interval=1h" })
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

	@Test
	void anOrderKafkaDidNotAcknowledgeIsInTheLedgerBeforeItsAnswerAndKeepsItsUnit() {
		long sale = FlashSaleFixture.runningSale(broker, this.store, 10, 1);
		HttpResponse<String> issued = api().post("/api/flash-sales/" + sale + "/tokens", consumer(7), null);
		assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
		String key = UUID.randomUUID().toString();
		double notHandedOffBefore = notHandedOff();

		HttpResponse<String> placed = api().post("/api/flash-sales/" + sale + "/orders", consumer(7),
				orderBody(json(issued, "$.token")), "Idempotency-Key", key);

		assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
		String transactionId = json(placed, "$.transactionId");
		assertThat(notHandedOff()).as("the send failed: the order was not handed off").isEqualTo(notHandedOffBefore + 1);
		assertThat(this.jdbc.queryForObject("SELECT status FROM flash_transaction WHERE transaction_id = ?", String.class,
				transactionId))
			.as("recorded by the time of the answer, with no record on the broker")
			.isEqualTo("RESERVED");
		assertThat(this.store.remaining(sale)).as("the unit stays taken").isEqualTo(9);

		HttpResponse<String> replay = api().post("/api/flash-sales/" + sale + "/orders", consumer(7),
				orderBody(json(issued, "$.token")), "Idempotency-Key", key);
		assertThat(replay.statusCode()).isEqualTo(201);
		assertThat(replay.body()).isEqualTo(placed.body());
		assertThat(ledgerRows(sale)).as("one transaction, however often it is asked for").isEqualTo(1);
		assertThat(notHandedOff()).isEqualTo(notHandedOffBefore + 1);

		HttpResponse<String> paid = api().post("/internal/flash-sales/transactions/" + transactionId + "/paid", service(),
				"{\"amount\":" + FlashSaleFixture.PRICE + ",\"paidAt\":\"" + Instant.now() + "\",\"providerRef\":\"refusal-"
						+ transactionId + "\"}");
		assertThat(paid.statusCode()).as("the transaction is the buyer's to pay: %s", paid.body()).isEqualTo(200);
		assertThat((String) json(paid, "$.status")).isEqualTo("PAID");
		assertThat((String) json(api().get("/api/flash-sales/transactions/" + transactionId, consumer(7)), "$.status"))
			.isEqualTo("PAID");
	}

}
