package com.promo.claim;

import java.util.List;
import java.util.UUID;

import com.promo.testsupport.HealthProbe;
import com.promo.testsupport.OpenApiSnapshots;
import com.promo.testsupport.PromoTestProperties;
import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ClaimServiceIT {

	/** Takes one unit of stock and records the user, atomically, or answers 0 when sold out. */
	static final RedisScript<Long> TAKE_ONE = RedisScript.of("""
			local left = tonumber(redis.call('GET', KEYS[1]) or '0')
			if left <= 0 then return 0 end
			redis.call('DECR', KEYS[1])
			redis.call('SADD', KEYS[2], ARGV[1])
			return 1
			""", Long.class);

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		PromoTestProperties.infrastructure(registry);
		PromoTestProperties.database(registry, "it_claim");
	}

	@LocalServerPort
	int port;

	@Autowired
	StringRedisTemplate redis;

	@Test
	void readinessIncludesTheRealDatabaseRedisClusterAndKafka() {
		HealthProbe.assertReady("http://localhost:" + this.port, "db", "redis", "kafka");
	}

	@Test
	void theCommittedOpenApiDocumentIsTheOneTheServiceServes() {
		OpenApiSnapshots.assertCommitted("http://localhost:" + this.port, "claim-service", getClass());
	}

	@Test
	void luaScriptOverTwoKeysOfOneHashTagRunsOnTheCluster() {
		String tag = "{t:" + UUID.randomUUID() + "}";
		String stock = tag + ":stock";
		String claimed = tag + ":claimed";
		assertThat(SlotHash.getSlot(stock)).isEqualTo(SlotHash.getSlot(claimed));
		this.redis.opsForValue().set(stock, "1");

		Long first = this.redis.execute(TAKE_ONE, List.of(stock, claimed), "user-1");
		Long second = this.redis.execute(TAKE_ONE, List.of(stock, claimed), "user-2");

		assertThat(first).isEqualTo(1L);
		assertThat(second).isZero();
		assertThat(this.redis.opsForSet().members(claimed)).containsExactly("user-1");
		assertThat(this.redis.opsForValue().get(stock)).isEqualTo("0");
	}

	@Test
	void keysOfDifferentSlotsInOneScriptAreRefusedWithCrossSlot() {
		String stock = "{t:" + UUID.randomUUID() + "}:stock";
		String claimed;
		do {
			claimed = "{t:" + UUID.randomUUID() + "}:claimed";
		}
		while (SlotHash.getSlot(claimed) == SlotHash.getSlot(stock));
		String otherSlot = claimed;
		assertThat(SlotHash.getSlot(stock)).as("the two tags must land in different slots")
			.isNotEqualTo(SlotHash.getSlot(claimed));
		this.redis.opsForValue().set(stock, "1");

		assertThatThrownBy(() -> this.redis.execute(TAKE_ONE, List.of(stock, otherSlot), "user-1"))
			.hasStackTraceContaining("CROSSSLOT");
		assertThat(this.redis.opsForValue().get(stock)).as("nothing was taken").isEqualTo("1");
	}

}
