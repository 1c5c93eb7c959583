package com.promo.claim;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.promo.web.ProblemException;

import org.springframework.data.redis.connection.RedisStringCommands.SetOption;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.types.Expiration;

/**
 * The Idempotency-Key header as claim-service's routes take it themselves (claims, flash orders,
 * settlement files: none runs the platform's filter): 1-64 characters, as API.md's common rules say.
 */
public final class IdempotencyKeys {

	public static final String HEADER = "Idempotency-Key";

	private IdempotencyKeys() {
	}

	/**
	 * @param key the header's value, or null when absent
	 * @return the key, or null when absent
	 * @throws ProblemException 400 naming the header when it is empty or longer than 64 characters
	 */
	public static String checked(String key) {
		if (key != null && (key.isEmpty() || key.length() > 64)) {
			throw ProblemException.invalidField(HEADER, "must be 1-64 characters");
		}
		return key;
	}

	/**
	 * Binds a buyer's key to the template (or sale) it was first used on, so the same key on another
	 * one is told apart (409). One native {@code SET binding template NX GET PX ttl} (Redis 7): a
	 * script did the same in a read and a write, at several times the cost of the command itself.
	 * @param binding the binding's key, under the buyer's hash tag ({@code {u:<id>}:...})
	 * @return the template the key is bound to: {@code templateId} when this call bound it
	 */
	public static long bind(StringRedisTemplate redis, String binding, long templateId, Duration ttl) {
		byte[] earlier = redis.execute((RedisCallback<byte[]>) connection -> connection.stringCommands()
			.setGet(bytes(binding), bytes(Long.toString(templateId)), Expiration.from(ttl), SetOption.SET_IF_ABSENT));
		return earlier == null ? templateId : Long.parseLong(new String(earlier, StandardCharsets.UTF_8));
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
