package com.promo.idempotency;

import java.time.Duration;
import java.util.Optional;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Keys live in Redis as {@code idem:<caller>:<key>}: claimed atomically with SET NX while the first
 * request runs, then overwritten with its response for the retention period.
 */
class IdempotencyStore {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final StringRedisTemplate redis;

	private final IdempotencyProperties properties;

	IdempotencyStore(StringRedisTemplate redis, IdempotencyProperties properties) {
		this.redis = redis;
		this.properties = properties;
	}

	/** Claims the key for a new request; empty when it is taken, with what it holds. */
	Optional<StoredResponse> claimOrRead(String redisKey, String fingerprint) {
		Boolean claimed = this.redis.opsForValue()
			.setIfAbsent(redisKey, JSON.writeValueAsString(StoredResponse.inFlight(fingerprint)),
					this.properties.inFlightTimeout());
		if (Boolean.TRUE.equals(claimed)) {
			return Optional.empty();
		}
		String held = this.redis.opsForValue().get(redisKey);
		// expired between the two calls: report it as in flight so that the caller simply tries again
		return Optional.of(held == null ? StoredResponse.inFlight(fingerprint) : JSON.readValue(held, StoredResponse.class));
	}

	void complete(String redisKey, StoredResponse response) {
		this.redis.opsForValue().set(redisKey, JSON.writeValueAsString(response), this.properties.retention());
	}

	void release(String redisKey) {
		this.redis.delete(redisKey);
	}

	Duration inFlightTimeout() {
		return this.properties.inFlightTimeout();
	}

}
