package com.promo.pricing;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import com.promo.testsupport.ApiClient;
import com.promo.testsupport.TestInfrastructure;
import com.promo.testsupport.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import static com.promo.testsupport.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of the service on one database: a change made through the first reaches the
 * second's near cache through the item event on the real broker (each instance has its own
 * consumer group), not through a shared cache or a timer.
 */
class CacheInvalidationIT extends PricingTestBase {

	static ConfigurableApplicationContext second;

	/** Started once this class's Spring context (and so its database) exists. */
	@BeforeEach
	void startASecondInstance() {
		if (second != null) {
			return;
		}
		TestInfrastructure infra = TestInfrastructure.get();
		Map<String, Object> properties = new HashMap<>(remoteServices());
		properties.put("server.port", "0");
		properties.put("spring.datasource.url", infra.jdbcUrl(database));
		properties.put("spring.datasource.username", TestInfrastructure.DB_USER);
		properties.put("spring.datasource.password", TestInfrastructure.DB_PASSWORD);
		properties.put("spring.data.redis.cluster.nodes", infra.redisClusterNodes());
		properties.put("spring.kafka.bootstrap-servers", infra.kafkaBootstrapServers());
		properties.put("promo.security.jwt-secret", TestTokens.SECRET);
		// command-line arguments: they take precedence over application.yml, as the first instance's do
		second = new SpringApplicationBuilder(DiscountPricingServiceApplication.class)
			.run(properties.entrySet().stream().map(p -> "--" + p.getKey() + "=" + p.getValue()).toArray(String[]::new));
		MessageListenerContainer invalidation = second.getBean(KafkaListenerEndpointRegistry.class)
			.getListenerContainer("pricing-catalog-invalidation");
		await().atMost(Duration.ofSeconds(30))
			.until(() -> invalidation.getAssignedPartitions() != null && !invalidation.getAssignedPartitions().isEmpty());
	}

	@AfterAll
	static void stopTheSecondInstance() {
		if (second != null) {
			second.close();
		}
	}

	ApiClient secondInstance() {
		return ApiClient.local(((WebServerApplicationContext) second).getWebServer().getPort());
	}

	@Test
	void aFanPriceChangedThroughOneInstanceReachesTheOthersNearCacheThroughTheEvent() throws Exception {
		FanItem f = fanItem(2000, "ALL_FANS", 1500);
		long seller = f.seller();
		long itemId = f.itemId();
		long user = f.user();
		String path = "/api/prices?itemIds=" + itemId;
		// a write no event announces: the second instance keeps serving its near cache (the set-up's
		// own events evict the item once, whenever they arrive: try again until they have)
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			this.jdbc.update("UPDATE fan_price SET price = 1500 WHERE item_id = ?", itemId);
			HttpResponse<String> warm = secondInstance().get(path, consumer(user));
			assertThat(warm.statusCode()).as(warm.body()).isEqualTo(200);
			assertThat((Integer) json(warm, "$.items[0].price")).isEqualTo(1500);
			this.jdbc.update("UPDATE fan_price SET price = 1300 WHERE item_id = ?", itemId);
			Thread.sleep(300);
			assertThat((Integer) json(secondInstance().get(path, consumer(user)), "$.items[0].price")).isEqualTo(1500);
		});

		fanPrice(seller, itemId, "ALL_FANS", 1200); // through the first instance: FanPriceChanged on promo.item-events
		await().atMost(Duration.ofSeconds(15))
			.untilAsserted(() -> assertThat((Integer) json(secondInstance().get(path, consumer(user)), "$.items[0].price"))
				.isEqualTo(1200));

		api().put("/merchant/items/" + itemId, merchant(seller), itemJson(1250, "ONE_TIME", 0)); // ItemChanged
		await().atMost(Duration.ofSeconds(15))
			.untilAsserted(() -> assertThat((Integer) json(secondInstance().get(path, null), "$.items[0].listPrice"))
				.isEqualTo(1250));
	}

}
