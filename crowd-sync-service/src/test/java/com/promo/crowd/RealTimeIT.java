package com.promo.crowd;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import com.promo.contracts.EventCodec;
import com.promo.contracts.social.FollowEvent;
import com.promo.contracts.trade.OrderEvent;
import com.promo.testsupport.ApiClient;
import com.promo.testsupport.RefusalChecks;
import com.promo.testsupport.TestTokens;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The real-time path: upstream events through the real broker into the store and Redis. */
class RealTimeIT extends CrowdSyncTestBase {

	@Autowired
	KafkaTemplate<String, byte[]> kafka;

	@Value("${spring.kafka.bootstrap-servers}")
	String bootstrap;

	@Test
	void aFollowAndAPaidOrderPutTheUserInTheSellersCrowds() {
		long user = newId();
		long seller = newId();
		follow(user, seller, FollowEvent.Type.FOLLOW, now().minusSeconds(5));
		order(user, seller, OrderEvent.Status.PAID, now().minusSeconds(2));

		await().atMost(Duration.ofSeconds(20)).until(() -> fast(user, buyFans(seller)));
		assertThat(fast(user, allFans(seller))).isTrue();
		assertThat(fast(user, oldFans(seller))).isFalse();
		assertThat(strong(user, allFans(seller))).isTrue();
		assertThat(strong(user, buyFans(seller))).isTrue();
	}

	@Test
	void aRefundAloneDoesNotTakeABuyerOutOfBuyFansButAnUnfollowEndsAllThree() {
		long user = newId();
		long seller = newId();
		Instant t = now().minus(Duration.ofDays(40));
		follow(user, seller, FollowEvent.Type.FOLLOW, t);
		order(user, seller, OrderEvent.Status.PAID, t.plusSeconds(60));
		order(user, seller, OrderEvent.Status.REFUNDED, t.plusSeconds(120));
		await().atMost(Duration.ofSeconds(20)).until(() -> fast(user, buyFans(seller)));
		assertThat(fast(user, oldFans(seller))).isTrue();

		follow(user, seller, FollowEvent.Type.UNFOLLOW, now().minusSeconds(1));

		await().atMost(Duration.ofSeconds(20)).until(() -> !fast(user, allFans(seller)));
		assertThat(fast(user, buyFans(seller))).isFalse();
		assertThat(fast(user, oldFans(seller))).isFalse();
		assertThat(strong(user, buyFans(seller))).isFalse();
		assertThat(this.redis.opsForHash().get("{u:" + user + "}:tombstones", Long.toString(seller))).isNotNull();
	}

	/**
	 * Upstream sends late and twice: each user's history (follow, unfollow, follow again, ...)
	 * arrives newest first, every event twice. Each relation ends in the state of its newest event.
	 */
	@Test
	void duplicatedAndReorderedEventsEndInTheStateOfTheNewestEvent() {
		Instant base = now().minus(Duration.ofHours(1));
		List<long[]> expected = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			long user = newId();
			long seller = newId();
			int events = 1 + i % 4; // F, F U, F U F, F U F U
			for (int e = events - 1; e >= 0; e--) {
				FollowEvent.Type type = (e % 2 == 0) ? FollowEvent.Type.FOLLOW : FollowEvent.Type.UNFOLLOW;
				FollowEvent event = new FollowEvent("e-" + user + "-" + e, type, Long.toString(user),
						Long.toString(seller), base.plusSeconds(e * 10L));
				send("social.follow-events", event.userId(), event);
				send("social.follow-events", event.userId(), event);
			}
			expected.add(new long[] { user, seller, (events % 2 == 1) ? 1 : 0 });
		}
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			for (long[] relation : expected) {
				assertThat(strong(relation[0], allFans(relation[1]))).isEqualTo(relation[2] == 1);
			}
		});
		for (long[] relation : expected) {
			assertThat(fast(relation[0], allFans(relation[1]))).as("user %d", relation[0]).isEqualTo(relation[2] == 1);
		}
	}

	@Test
	void theHttpIngestFeedsTheSamePipeline() {
		long user = newId();
		long seller = newId();
		String body = """
				[{"eventId":"h1-%1$d","type":"FOLLOW","userId":"%1$d","sellerId":"%2$d","occurredAt":"%3$s"}]"""
			.formatted(user, seller, now().minusSeconds(3));

		HttpResponse<String> response = api().post("/internal/events/follow", SERVICE, body);

		assertThat(response.statusCode()).isEqualTo(202);
		assertThat(ApiClient.<Integer>json(response, "$.accepted")).isEqualTo(1);
		await().atMost(Duration.ofSeconds(20)).until(() -> fast(user, allFans(seller)));

		HttpResponse<String> single = api().post("/internal/events/order", SERVICE, """
				{"eventId":"o1-%1$d","orderId":"9","userId":"%1$d","sellerId":"%2$d","status":"PAID","amount":1888,"occurredAt":"%3$s"}"""
			.formatted(user, seller, now().minusSeconds(1)));
		assertThat(single.statusCode()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(20)).until(() -> fast(user, buyFans(seller)));
	}

	@Test
	void invalidEventsOverHttpAreRefusedByFieldAndNothingIsPublished() {
		long user = newId();
		long seller = newId();
		String body = """
				[{"eventId":"ok-%1$d","type":"FOLLOW","userId":"%1$d","sellerId":"%2$d","occurredAt":"%3$s"},
				 {"eventId":"","type":"LIKE","userId":"abc","sellerId":"%2$d","occurredAt":"%4$s"},
				 {"eventId":"x","type":"FOLLOW","userId":"%1$d","sellerId":"-5"}]"""
			.formatted(user, seller, now().minusSeconds(3), now().plus(Duration.ofDays(1)));

		HttpResponse<String> response = api().post("/internal/events/follow", SERVICE, body);

		assertThat(response.statusCode()).isEqualTo(400);
		List<String> fields = ApiClient.json(response, "$.errors[*].field");
		assertThat(fields).contains("[1]", "[2].sellerId", "[2].occurredAt");
		assertThat(api().post("/internal/events/follow", SERVICE, "{\"eventId\":\"x\"}").statusCode()).isEqualTo(400);
		assertThat(api().post("/internal/events/follow", SERVICE, "[]").statusCode()).isEqualTo(400);
		assertThat(api().post("/internal/events/follow", SERVICE, "not json").statusCode()).isEqualTo(400);
		assertThat(api().post("/internal/events/order", SERVICE, """
				{"eventId":"o","orderId":"1","userId":"1","sellerId":"2","status":"PAID","amount":-1,"occurredAt":"2026-01-01T00:00:00Z"}""")
			.body()).contains("amount");
		assertThat(api().post("/internal/events/follow", TestTokens.token("5", "CONSUMER"), body).statusCode())
			.isEqualTo(403);
		assertThat(api().post("/internal/events/follow", null, body).statusCode()).isEqualTo(401);

		// the valid first event was not published either
		follow(user, seller + 1, FollowEvent.Type.FOLLOW, now().minusSeconds(1));
		await().atMost(Duration.ofSeconds(20)).until(() -> fast(user, allFans(seller + 1)));
		assertThat(this.store.find(user, seller)).isEmpty();
	}

	@Test
	void eventsThatCanNeverBeAppliedGoToTheDeadLetterTopicAndTheConsumerGoesOn() {
		long user = newId();
		long seller = newId();
		String marker = "bad-" + UUID.randomUUID();
		this.kafka.send("social.follow-events", Long.toString(user), ("{not json " + marker).getBytes(StandardCharsets.UTF_8));
		this.kafka.send("social.follow-events", Long.toString(user), EventCodec.encode(
				new FollowEvent(marker, FollowEvent.Type.FOLLOW, "12ab", Long.toString(seller), now())));
		this.kafka.send("social.follow-events", Long.toString(user), ("{\"eventId\":\"" + marker
				+ "\",\"type\":\"POKE\"}").getBytes(StandardCharsets.UTF_8));
		follow(user, seller, FollowEvent.Type.FOLLOW, now().minusSeconds(1));

		await().atMost(Duration.ofSeconds(20)).until(() -> fast(user, allFans(seller)));
		await().atMost(Duration.ofSeconds(20)).until(() -> deadLetters(marker) == 3);
	}

	@Test
	void theMembershipApiChecksItsInput() {
		assertThat(api().get("/internal/crowds/abc/members/1", SERVICE).body()).contains("crowdId");
		assertThat(api().get("/internal/crowds/1_all_fans/members/x1", SERVICE).body()).contains("userId");
		assertThat(api().get("/internal/crowds/1_all_fans/members/1?consistency=eventual", SERVICE).body())
			.contains("consistency");
		assertThat(api().get("/internal/users/1/crowds?candidates=1_all_fans,bogus", SERVICE).statusCode()).isEqualTo(400);
		assertThat(api().get("/internal/users/1/crowds", SERVICE).statusCode()).isEqualTo(400);
		assertThat(api().get("/internal/crowds/1_all_fans/members/1", TestTokens.token("1", "CONSUMER")).statusCode())
			.isEqualTo(403);
	}

	@Test
	void oneCallAnswersWhichCandidateCrowdsTheUserIsInAndAnExpiredFieldCountsAsAbsent() {
		long user = newId();
		long a = newId();
		long b = newId();
		this.relations.follow(user, a, now().minusSeconds(10));
		this.relations.follow(user, b, now().minusSeconds(10));
		String key = "{u:" + user + "}:crowds";
		this.redis.opsForHash().put(key, allFans(b), Long.toString(now().minusSeconds(1).getEpochSecond()));

		HttpResponse<String> response = api().get("/internal/users/" + user + "/crowds?candidates=" + allFans(a) + ","
				+ buyFans(a) + "," + allFans(b), SERVICE);

		assertThat(ApiClient.<List<String>>json(response, "$.crowds")).containsExactly(allFans(a));
	}

	@Test
	void theEventLagIsMeasured() {
		long user = newId();
		this.relations.follow(user, newId(), now().minusMillis(30));
		String metrics = api().get("/actuator/prometheus", null).body();
		assertThat(metrics).contains("crowd_event_lag_seconds_count").contains("crowd_memberships{");
	}

	private void follow(long user, long seller, FollowEvent.Type type, Instant at) {
		send("social.follow-events", Long.toString(user), new FollowEvent(UUID.randomUUID().toString(), type,
				Long.toString(user), Long.toString(seller), at));
	}

	private void order(long user, long seller, OrderEvent.Status status, Instant at) {
		send("trade.order-events", Long.toString(user), new OrderEvent(UUID.randomUUID().toString(), "o-" + newId(),
				Long.toString(user), Long.toString(seller), status, 1888, at));
	}

	private void send(String topic, String key, Object event) {
		this.kafka.send(topic, key, EventCodec.encode(event)).join();
	}

	private int deadLetters(String marker) {
		Properties properties = new Properties();
		properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrap);
		properties.put(ConsumerConfig.GROUP_ID_CONFIG, "it-dlt-" + UUID.randomUUID());
		properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		int found = 0;
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
				new ByteArrayDeserializer())) {
			consumer.subscribe(List.of("social.follow-events.DLT"));
			long deadline = System.currentTimeMillis() + 3000;
			while (System.currentTimeMillis() < deadline) {
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(300))) {
					if (new String(record.value(), StandardCharsets.UTF_8).contains(marker)) {
						found++;
					}
				}
			}
		}
		return found;
	}

	@Test
	void everyRefusalBeforeOrAroundTheControllersIsAProblemWithItsCode() {
		// the event ingest answered a wildcard Content-Type and a YAML body with a 500
		RefusalChecks.assertEveryRefusalIsAProblem(this.port, SERVICE, "/internal/events/follow",
				"/internal/users/1/crowds?candidates=1_all_fans");
		RefusalChecks.assertEveryRefusalIsAProblem(this.port, SERVICE, "/internal/events/order",
				"/internal/users/1/crowds?candidates=1_all_fans");
	}

	@Test
	void aSnapshotPathTheFileSystemCannotExpressIsA400NamingTheField() {
		HttpResponse<String> response = api().post("/ops/crowd-sync/batches", OPS,
				"{\"snapshotPath\":\"/tmp/snapshot\\u0000.csv\",\"snapshotTime\":\"" + Instant.now() + "\"}");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(response.body()).contains("\"code\":\"VALIDATION_FAILED\"").contains("\"field\":\"snapshotPath\"");
	}

}
