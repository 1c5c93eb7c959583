package com.promo.coupon;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.github.f4b6a3.tsid.TsidCreator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import com.promo.contracts.EventCodec;
import com.promo.contracts.PlatformEvent;
import com.promo.contracts.activity.ActivityKind;
import com.promo.contracts.activity.ActivitySnapshot;
import com.promo.contracts.activity.ActivityStatus;
import com.promo.contracts.activity.ActivityTransitioned;
import com.promo.contracts.activity.CouponType;
import com.promo.contracts.item.ItemChanged;
import com.promo.contracts.item.ItemSnapshot;
import com.promo.contracts.item.PriceUnit;
import com.promo.coupon.activity.ActivityViews;
import com.promo.coupon.listing.ListingViews;
import com.promo.testsupport.ApiClient;
import com.promo.testsupport.PromoTestProperties;
import com.promo.testsupport.TestInfrastructure;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.awaitility.Awaitility.await;

/**
 * One running coupon-service for all its integration tests (one Spring context, one set of shard
 * databases, its own consumer group), with helpers that play activity-service and
 * discount-pricing-service by publishing their events to the real broker.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class CouponServiceTestBase {

	/** This test run's consumer group: it reads every event, and tests can wait until it has. */
	static final String GROUP = "it-coupon-" + UUID.randomUUID();

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		PromoTestProperties.infrastructure(registry);
		PromoTestProperties.shardedDatabases(registry, "it_coupon", 2);
		registry.add("spring.kafka.consumer.group-id", () -> GROUP);
		// short enough for the stale-lock test to watch a release
		registry.add("promo.coupon.lock-timeout", () -> "3s");
		registry.add("promo.coupon.wallet-sweep-interval", () -> "500ms");
	}

	@LocalServerPort
	protected int port;

	@Autowired
	protected KafkaTemplate<String, byte[]> kafka;

	@Autowired
	protected ActivityViews activityViews;

	@Autowired
	protected ListingViews listingViews;

	@Autowired
	protected JdbcTemplate jdbc;

	protected ApiClient api() {
		return ApiClient.local(this.port);
	}

	protected static long newId() {
		return TsidCreator.getTsid().toLong();
	}

	/** Sign-up open now; the activity runs from in one hour to in two days. */
	protected long signupOpenActivity(ActivityKind kind, Set<CouponType> types) {
		Instant now = Instant.now();
		return publishActivity(newId(), kind, types, ActivityStatus.SIGNUP_OPEN, now.minusSeconds(600),
				now.plusSeconds(3000), now.plusSeconds(3600), now.plus(Duration.ofDays(2)), 2);
	}

	/** The same activity later in its life: running now (version 3 replaces version 2). */
	protected void startActivity(long id, ActivityKind kind, Set<CouponType> types) {
		Instant now = Instant.now();
		publishActivity(id, kind, types, ActivityStatus.RUNNING, now.minus(Duration.ofDays(2)),
				now.minus(Duration.ofDays(1)), now.minusSeconds(60), now.plus(Duration.ofDays(2)), 3);
	}

	protected long publishActivity(long id, ActivityKind kind, Set<CouponType> types, ActivityStatus status,
			Instant applyStart, Instant applyEnd, Instant activityStart, Instant activityEnd, long version) {
		ActivitySnapshot snapshot = new ActivitySnapshot(String.valueOf(id), "Rent festival", kind, List.of("310000"),
				types.stream().sorted().toList(), 500, 50000, applyStart, applyEnd, activityStart, activityEnd, status,
				version);
		awaitConsumed(send(new ActivityTransitioned(UUID.randomUUID().toString(), snapshot, Instant.now())));
		return id;
	}

	protected long publishListing(long sellerId, long listPrice, PriceUnit unit, long deposit) {
		long listingId = newId();
		awaitConsumed(send(new ItemChanged(UUID.randomUUID().toString(), new ItemSnapshot(String.valueOf(listingId),
				String.valueOf(sellerId), "Flat " + listingId, "310000", listPrice, unit, deposit, 1), Instant.now())));
		return listingId;
	}

	protected RecordMetadata send(PlatformEvent event) {
		try {
			return this.kafka
				.send(event.eventType().topic().wireName(), event.key(), EventCodec.encode(event.toEnvelope()))
				.get(10, TimeUnit.SECONDS)
				.getRecordMetadata();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Waits until coupon-service has consumed (and committed) the record at {@code sent}. */
	protected void awaitConsumed(RecordMetadata sent) {
		TopicPartition partition = new TopicPartition(sent.topic(), sent.partition());
		try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestInfrastructure.get().kafkaBootstrapServers()))) {
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				OffsetAndMetadata committed = admin.listConsumerGroupOffsets(GROUP)
					.partitionsToOffsetAndMetadata()
					.get()
					.get(partition);
				return committed != null && committed.offset() > sent.offset();
			});
		}
	}

	protected static String templateJson(long activityId, String type, String valueField) {
		return """
				{"activityId":"%d","cityId":"310000","type":"%s","title":"300 off first month",%s
				 "thresholdAmount":300000,"deduction":"FIRST_MONTH","totalStock":1000,"perUserLimit":1,
				 "validity":{"type":"FLOATING","days":30},"audience":{"type":"ALL"}}"""
			.formatted(activityId, type, valueField.isEmpty() ? "" : valueField + ",");
	}

}
