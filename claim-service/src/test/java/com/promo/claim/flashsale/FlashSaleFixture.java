package com.promo.claim.flashsale;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.github.f4b6a3.tsid.TsidCreator;
import com.promo.contracts.EventCodec;
import com.promo.contracts.Topic;
import com.promo.contracts.activity.ActivityKind;
import com.promo.contracts.activity.CouponType;
import com.promo.contracts.coupon.Audience;
import com.promo.contracts.coupon.Deduction;
import com.promo.contracts.coupon.TemplateChanged;
import com.promo.contracts.coupon.TemplateSnapshot;
import com.promo.contracts.coupon.TemplateStatus;
import com.promo.contracts.coupon.Validity;
import com.promo.testsupport.PromoTestProperties;
import com.promo.testsupport.TestTokens;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;

import static org.awaitility.Awaitility.await;

/** Flash sales published as coupon-service would (template events), for the flash-sale ITs. */
final class FlashSaleFixture {

	static final long PRICE = 1888;

	private FlashSaleFixture() {
	}

	/**
	 * A test context on the real Redis Cluster and Kafka, with a fresh database and a consumer group of
	 * its own (it reads every sale published, as a new instance would).
	 */
	static void infrastructure(DynamicPropertyRegistry registry, String databasePrefix) {
		PromoTestProperties.infrastructure(registry);
		PromoTestProperties.database(registry, databasePrefix);
		String group = "it-flash-" + UUID.randomUUID();
		registry.add("spring.kafka.consumer.group-id", () -> group);
	}

	static String consumer(long userId) {
		return TestTokens.token(String.valueOf(userId), "CONSUMER");
	}

	static String service() {
		return TestTokens.token("1", "SERVICE");
	}

	static String ops() {
		return TestTokens.token("1", "OPS");
	}

	/** A running sale (an ENABLED SPECIAL_PRICE template of a FLASH_SALE activity), once Redis has it. */
	static long runningSale(KafkaTemplate<String, byte[]> kafka, FlashSaleStore store, int stock, int perUserLimit) {
		long id = TsidCreator.getTsid().toLong();
		Instant now = Instant.now();
		publish(kafka, snapshot(id, stock, perUserLimit, ActivityKind.FLASH_SALE, CouponType.SPECIAL_PRICE,
				now.minusSeconds(60), now.plus(Duration.ofDays(1))));
		await().atMost(Duration.ofSeconds(30)).until(() -> store.exists(id));
		return id;
	}

	static TemplateSnapshot snapshot(long id, int stock, int perUserLimit, ActivityKind kind, CouponType type,
			Instant start, Instant end) {
		return new TemplateSnapshot(String.valueOf(id), "1", "77", "310000", type, "flash", null, null, null, null,
				type == CouponType.SPECIAL_PRICE ? PRICE : null, 0, Deduction.FIRST_MONTH, stock, perUserLimit,
				Validity.floating(7), Audience.all(), TemplateStatus.ENABLED, 1, start, end, kind);
	}

	static void publish(KafkaTemplate<String, byte[]> kafka, TemplateSnapshot snapshot) {
		TemplateChanged event = new TemplateChanged(UUID.randomUUID().toString(), snapshot, Instant.now());
		try {
			kafka.send(Topic.COUPON_TEMPLATE_EVENTS.wireName(), event.key(), EventCodec.encode(event.toEnvelope()))
				.get(10, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String orderBody(String token) {
		return token == null ? "{}" : "{\"token\":\"" + token + "\"}";
	}

}
