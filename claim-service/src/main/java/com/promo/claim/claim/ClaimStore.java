package com.promo.claim.claim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.promo.claim.IdempotencyKeys;
import com.promo.claim.template.TemplateState;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * The Redis gateway of claims: a template's claim state in the Redis Cluster. All keys of one
 * template share the hash tag {@code {t:<templateId>}}, so each Lua script (run by EVALSHA) touches
 * one slot atomically: {@code meta} (status, window, limit, audience, total, version), {@code stock}
 * (remaining units), {@code users} (claims per user), {@code idem} (answers per user and
 * Idempotency-Key, see {@link RecordedAnswer}), {@code pending} (accepted, unsettled claims by
 * time) and {@code claims} (their users). A user's Idempotency-Key is also bound to its template
 * under the user's own tag {@code {u:<userId>}} (another slot), so that the key reused on another
 * template is told apart.
 */
@Component
public class ClaimStore {

	public record PendingClaim(String claimId, String userId, Instant claimedAt) {
	}

	/** A claim the wallet settled: outcome {@code ISSUED}/{@code REJECTED}, code of a rejection. */
	public record Settlement(String claimId, String outcome, String code, String userId) {
	}

	static final RedisScript<List> CLAIM = script("claim", List.class);

	private static final RedisScript<Long> UNDO = script("undo", Long.class);

	private static final RedisScript<Long> SETTLE = script("settle", Long.class);

	private static final RedisScript<Long> WARM = script("warm", Long.class);

	private static final RedisScript<List> RECONCILE = script("reconcile", List.class);

	private static final RedisScript<Long> RECONCILE_BEGIN = script("reconcile-begin", Long.class);

	/** How long a reconciliation's snapshot outlives a reconciler that died before ending it. */
	private static final Duration RECONCILIATION_LIFETIME = Duration.ofMinutes(5);

	private static final RedisScript<Long> RECORD = script("record", Long.class);

	private final StringRedisTemplate redis;

	private final ReplicaAckedScript acked;

	ClaimStore(StringRedisTemplate redis, ReplicaAckedScript acked) {
		this.redis = redis;
		this.acked = acked;
	}

	private static <T> RedisScript<T> script(String name, Class<T> resultType) {
		// the text once, not the resource: a resource script is checked for changes on every call
		// (a synchronized last-modified look-up that throws inside a jar)
		try {
			return RedisScript.of(new ClassPathResource("scripts/" + name + ".lua").getContentAsString(StandardCharsets.UTF_8),
					resultType);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static String key(long templateId, String part) {
		return "{t:" + templateId + "}:" + part;
	}

	private static List<String> all(long templateId) {
		return List.of(key(templateId, "meta"), key(templateId, "stock"), key(templateId, "users"),
				key(templateId, "idem"), key(templateId, "pending"), key(templateId, "claims"));
	}

	/**
	 * Runs claim.lua; with {@code promo.claim.replica-ack-timeout} set, a reservation is also
	 * acknowledged by a replica before this returns (see {@link ReplicaAckedScript}).
	 */
	Reservation claim(long templateId, String userId, String idempotencyKey, String claimId, Instant now,
			boolean member) {
		String[] args = { userId, idempotencyKey, claimId, Long.toString(now.toEpochMilli()), member ? "1" : "0",
				new RecordedAnswer.Reserved(claimId).encoded() };
		List<String> keys = all(templateId);
		if (this.acked.enabled()) {
			return this.acked.claim(keys, args);
		}
		return ScriptReplies.claim(this.redis.execute(CLAIM, keys, (Object[]) args));
	}

	/**
	 * Binds the user's Idempotency-Key to this template for {@code ttl}, unless it is bound already.
	 * @return the template the key is bound to
	 */
	long bindKey(String userId, String idempotencyKey, long templateId, Duration ttl) {
		return IdempotencyKeys.bind(this.redis, "{u:" + userId + "}:idem:" + idempotencyKey, templateId, ttl);
	}

	/** Replaces the answer recorded for the key once the claim's hand-off is decided. */
	void record(long templateId, String userId, String idempotencyKey, RecordedAnswer answer) {
		this.redis.execute(RECORD, List.of(key(templateId, "idem")), userId + ":" + idempotencyKey, answer.encoded());
	}

	boolean undo(long templateId, String userId, String idempotencyKey, String claimId) {
		return Long.valueOf(1).equals(this.redis.execute(UNDO,
				List.of(key(templateId, "stock"), key(templateId, "users"), key(templateId, "idem"),
						key(templateId, "pending"), key(templateId, "claims")),
				userId, idempotencyKey, claimId));
	}

	/** Settles claims of one template in one script run. */
	public void settle(long templateId, List<Settlement> settlements) {
		if (settlements.isEmpty()) {
			return;
		}
		List<String> args = new ArrayList<>(settlements.size() * 4);
		for (Settlement s : settlements) {
			args.add(s.claimId());
			args.add(s.outcome());
			args.add(s.code() == null ? "" : s.code());
			args.add(s.userId());
		}
		this.redis.execute(SETTLE, List.of(key(templateId, "stock"), key(templateId, "users"), key(templateId, "pending"),
				key(templateId, "claims"), key(templateId, "reconciling")), args.toArray());
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

	/**
	 * Begins a reconciliation, before its reads of the database: from now until
	 * {@link #reconcile}, a claim that stops being pending is remembered, so that a claim issued
	 * after the database's issued count was read still counts (one reconciliation of a template at
	 * a time: a second one would share the snapshot).
	 */
	public void beginReconciliation(long templateId) {
		this.redis.execute(RECONCILE_BEGIN, List.of(key(templateId, "pending"), key(templateId, "reconciling")),
				Long.toString(RECONCILIATION_LIFETIME.toMillis()));
	}

	/**
	 * The claims a reconciliation may count, read after the database's issued count: those pending
	 * now and those in its snapshot (pending when it began, or issued since). The pending set is read
	 * first, so a claim that moves to the snapshot meanwhile is named by one of the two reads.
	 */
	public Set<String> reconciliationCandidates(long templateId) {
		Set<String> candidates = new HashSet<>();
		Set<String> pending = this.redis.opsForZSet().range(key(templateId, "pending"), 0, -1);
		Set<String> snapshot = this.redis.opsForZSet().range(key(templateId, "reconciling"), 0, -1);
		if (pending != null) {
			candidates.addAll(pending);
		}
		if (snapshot != null) {
			candidates.addAll(snapshot);
		}
		candidates.remove("-");
		return candidates;
	}

	/**
	 * Sets the remaining stock to total − issued − the claims holding a unit that {@code issued} does
	 * not count (pending in Redis, in the reconciliation's snapshot, or unsettled in the database,
	 * less those the database had decided when {@code issued} was read and those rejected since the
	 * reconciliation began), and ends the reconciliation.
	 * @param decidedWhenCounted the candidates the database had issued or rejected when it counted {@code issued}
	 */
	public Reconciled reconcile(long templateId, int total, long issued, Collection<String> unsettledInDatabase,
			Collection<String> decidedWhenCounted) {
		List<String> args = new ArrayList<>(List.of(Integer.toString(total), Long.toString(issued),
				Integer.toString(unsettledInDatabase.size())));
		args.addAll(unsettledInDatabase);
		args.addAll(decidedWhenCounted);
		return ScriptReplies.reconcile(this.redis.execute(RECONCILE,
				List.of(key(templateId, "stock"), key(templateId, "pending"), key(templateId, "reconciling")),
				args.toArray()));
	}

	/** What a reconciliation found and set. */
	public record Reconciled(long remainingBefore, long remainingAfter, long pending) {
	}

	public long remaining(long templateId) {
		String value = this.redis.opsForValue().get(key(templateId, "stock"));
		return value == null ? 0 : Long.parseLong(value);
	}

	public long pendingCount(long templateId) {
		Long size = this.redis.opsForZSet().zCard(key(templateId, "pending"));
		return size == null ? 0 : size;
	}

	/** When the oldest pending claim of a template was reserved; null when none is pending. */
	public Instant oldestPending(long templateId) {
		Set<ZSetOperations.TypedTuple<String>> oldest = this.redis.opsForZSet()
			.rangeWithScores(key(templateId, "pending"), 0, 0);
		return (oldest == null || oldest.isEmpty()) ? null
				: Instant.ofEpochMilli(oldest.iterator().next().getScore().longValue());
	}

	/** When a pending claim was reserved; null once it is settled (or was never reserved). */
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
