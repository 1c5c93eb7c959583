package com.promo.claim.claim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.promo.claim.template.TemplateState;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * A template's claim state in the Redis Cluster. All keys of one template share the hash tag
 * {@code {t:<templateId>}}, so each Lua script (run by EVALSHA) touches one slot atomically:
 * {@code meta} (status, window, limit, audience, total, version), {@code stock} (remaining units),
 * {@code users} (claims per user), {@code idem} (answers per user and Idempotency-Key),
 * {@code pending} (accepted, unsettled claims by time) and {@code claims} (their users).
 */
@Component
public class ClaimState {

	/** What the claim script answered. */
	public record Answer(String code, String claimId, long remaining, String replayed) {
	}

	public record PendingClaim(String claimId, String userId, Instant claimedAt) {
	}

	private static final RedisScript<List> CLAIM = script("claim", List.class);

	private static final RedisScript<Long> UNDO = script("undo", Long.class);

	private static final RedisScript<Long> SETTLE = script("settle", Long.class);

	private static final RedisScript<Long> WARM = script("warm", Long.class);

	private static final RedisScript<List> RECONCILE = script("reconcile", List.class);

	private final StringRedisTemplate redis;

	ClaimState(StringRedisTemplate redis) {
		this.redis = redis;
	}

	private static <T> RedisScript<T> script(String name, Class<T> resultType) {
		return RedisScript.of(new ClassPathResource("scripts/" + name + ".lua"), resultType);
	}

	static String key(long templateId, String part) {
		return "{t:" + templateId + "}:" + part;
	}

	private static List<String> all(long templateId) {
		return List.of(key(templateId, "meta"), key(templateId, "stock"), key(templateId, "users"),
				key(templateId, "idem"), key(templateId, "pending"), key(templateId, "claims"));
	}

	Answer claim(long templateId, String userId, String idempotencyKey, String claimId, Instant now, boolean member) {
		List<?> result = this.redis.execute(CLAIM, all(templateId), userId, idempotencyKey, claimId,
				Long.toString(now.toEpochMilli()), member ? "1" : "0");
		String code = String.valueOf(result.get(0));
		return switch (code) {
			case "ACCEPTED" -> new Answer(code, String.valueOf(result.get(1)), Long.parseLong(String.valueOf(result.get(2))), null);
			case "REPLAY" -> new Answer(code, null, -1, String.valueOf(result.get(1)));
			default -> new Answer(code, null, -1, null);
		};
	}

	boolean undo(long templateId, String userId, String idempotencyKey, String claimId) {
		return Long.valueOf(1).equals(this.redis.execute(UNDO,
				List.of(key(templateId, "stock"), key(templateId, "users"), key(templateId, "idem"),
						key(templateId, "pending"), key(templateId, "claims")),
				userId, idempotencyKey, claimId));
	}

	public void settle(long templateId, String claimId, String outcome, String code, String userId) {
		this.redis.execute(SETTLE, List.of(key(templateId, "stock"), key(templateId, "users"), key(templateId, "pending"),
				key(templateId, "claims")), claimId, outcome, code == null ? "" : code, userId);
	}

	/**
	 * Loads or updates a template's state; stock and user counts apply only when the state is new.
	 * @return 0 when Redis already had a newer version, 1 when created, 2 when updated
	 */
	public long warm(TemplateState state, long stockIfNew, Map<Long, Integer> claimsPerUser, Duration retention) {
		List<String> args = new ArrayList<>(List.of(state.status().name(), Long.toString(state.claimStart().toEpochMilli()),
				Long.toString(state.claimEnd().toEpochMilli()), Integer.toString(state.perUserLimit()),
				state.audienceType().name(), state.crowdId() == null ? "" : state.crowdId(),
				Integer.toString(state.totalStock()), Long.toString(state.version()),
				Long.toString(state.claimEnd().plus(retention).toEpochMilli()), Long.toString(Math.max(0, stockIfNew))));
		claimsPerUser.forEach((user, count) -> {
			args.add(Long.toString(user));
			args.add(Integer.toString(count));
		});
		return this.redis.execute(WARM, all(state.templateId()), args.toArray());
	}

	public boolean exists(long templateId) {
		return Boolean.TRUE.equals(this.redis.hasKey(key(templateId, "meta")));
	}

	/** Lets one caller (in any instance) rebuild a missing state; the lock expires by itself. */
	boolean tryRebuildLock(long templateId) {
		return Boolean.TRUE.equals(this.redis.opsForValue().setIfAbsent(key(templateId, "rebuild"), "1", Duration.ofSeconds(10)));
	}

	void releaseRebuildLock(long templateId) {
		this.redis.delete(key(templateId, "rebuild"));
	}

	/** @return {before, after, pending} */
	public long[] reconcile(long templateId, int total, long issued, List<String> unsettledInDatabase) {
		List<String> args = new ArrayList<>(List.of(Integer.toString(total), Long.toString(issued)));
		args.addAll(unsettledInDatabase);
		List<?> result = this.redis.execute(RECONCILE, List.of(key(templateId, "stock"), key(templateId, "pending")),
				args.toArray());
		return new long[] { Long.parseLong(String.valueOf(result.get(0))), Long.parseLong(String.valueOf(result.get(1))),
				Long.parseLong(String.valueOf(result.get(2))) };
	}

	public long remaining(long templateId) {
		String value = this.redis.opsForValue().get(key(templateId, "stock"));
		return value == null ? 0 : Long.parseLong(value);
	}

	public long pendingCount(long templateId) {
		Long size = this.redis.opsForZSet().zCard(key(templateId, "pending"));
		return size == null ? 0 : size;
	}

	Instant claimedAt(long templateId, String claimId) {
		Double score = this.redis.opsForZSet().score(key(templateId, "pending"), claimId);
		return score == null ? null : Instant.ofEpochMilli(score.longValue());
	}

	public List<PendingClaim> pendingBefore(long templateId, Instant cutoff) {
		Set<ZSetOperations.TypedTuple<String>> old = this.redis.opsForZSet()
			.rangeByScoreWithScores(key(templateId, "pending"), 0, cutoff.toEpochMilli());
		List<PendingClaim> pending = new ArrayList<>();
		if (old == null) {
			return pending;
		}
		List<ZSetOperations.TypedTuple<String>> claims = new ArrayList<>(old);
		if (claims.isEmpty()) {
			return pending;
		}
		// every pending claim's user in one round trip (the claims hash shares the template's slot)
		List<Object> users = this.redis.opsForHash()
			.multiGet(key(templateId, "claims"), claims.stream().map((tuple) -> (Object) tuple.getValue()).toList());
		for (int i = 0; i < claims.size(); i++) {
			if (users.get(i) != null) {
				pending.add(new PendingClaim(claims.get(i).getValue(), users.get(i).toString(),
						Instant.ofEpochMilli(claims.get(i).getScore().longValue())));
			}
		}
		return pending;
	}

}
