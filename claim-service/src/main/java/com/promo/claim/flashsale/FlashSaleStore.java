package com.promo.claim.flashsale;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.promo.claim.IdempotencyKeys;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * The Redis gateway of flash sales. Every key of a sale shares the template's hash tag, so each
 * script touches one slot: {@code {t:<id>}:sale} (status, window, limit, price, total, version),
 * {@code :sale:stock} (units left), {@code :sale:buyers} (units per buyer), {@code :sale:used:<nonce>}
 * (an entry token's used-up mark, holding its transaction id), {@code :sale:handoffs} (reservations
 * whose hand-off to Kafka is not acknowledged yet), {@code :sale:idem} (the first answer per buyer and
 * Idempotency-Key, see {@link FlashOrderRecord}) and {@code :sale:released} (expired transactions
 * already given back). The claim path's keys ({@code {t:<id>}:meta}...) are separate. A buyer's
 * Idempotency-Key is also bound to its sale under the buyer's own tag {@code {u:<userId>}} (another
 * slot), so that the key reused on another sale is told apart.
 */
@Component
class FlashSaleStore {

	/** What the order script said. */
	enum Outcome {

		RESERVED, REPLAY, NONE, TOKEN_USED, NOT_CLAIMABLE, LIMIT_REACHED, SOLD_OUT, MISSING;

		/** A refusal the API stores and replays for the Idempotency-Key (409, 410, 422). */
		boolean isStoredRefusal() {
			return this == NOT_CLAIMABLE || this == LIMIT_REACHED || this == SOLD_OUT;
		}

	}

	/**
	 * What the order script said: the units left after a reservation; for a REPLAY the key's record
	 * and whether its reservation's hand-off is still unacknowledged (the first request is running).
	 */
	record Reply(Outcome outcome, long remaining, FlashOrderRecord recorded, boolean unacknowledged) {
	}

	/** A request's Idempotency-Key on a sale: its field in {@code sale:idem} and the request's fingerprint. */
	record KeyedRequest(String field, String fingerprint) {

		/** A request without a key: nothing replayed, nothing recorded. */
		static final KeyedRequest NONE = new KeyedRequest("", "");

		static KeyedRequest of(long userId, String key, String fingerprint) {
			return new KeyedRequest(userId + ":" + key, fingerprint);
		}

	}

	private static final RedisScript<List> ORDER = script("flash-order", List.class);

	private static final RedisScript<Long> WARM = script("flash-warm", Long.class);

	private static final RedisScript<Long> UNDO = script("flash-undo", Long.class);

	private static final RedisScript<Long> RELEASE = script("flash-release", Long.class);

	/** How long the sale's state outlives the sale: late expiries and payments still find it. */
	static final Duration RETENTION = Duration.ofDays(2);

	private final StringRedisTemplate redis;

	FlashSaleStore(StringRedisTemplate redis) {
		this.redis = redis;
	}

	private static <T> RedisScript<T> script(String name, Class<T> type) {
		// the text once, not the resource: a resource script is checked for changes on every call
		// (a synchronized last-modified look-up that throws inside a jar)
		try {
			return RedisScript.of(new ClassPathResource("scripts/" + name + ".lua").getContentAsString(StandardCharsets.UTF_8),
					type);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static String key(long templateId, String part) {
		return "{t:" + templateId + "}:" + part;
	}

	/**
	 * Runs flash-order.lua: the key's recorded answer first, else the reservation, recorded as
	 * {@code reservedRecord} for the key in the same step.
	 */
	Reply order(long templateId, long userId, String nonce, String transactionId, Instant now, Duration markTtl,
			KeyedRequest keyed, FlashOrderRecord reservedRecord) {
		return runOrder(templateId, userId, nonce, transactionId, now.toEpochMilli(), Math.max(1000, markTtl.toMillis()),
				keyed, reservedRecord.encoded(), false);
	}

	/** The key's recorded answer (REPLAY), or NONE: for an order whose token was refused. */
	Reply recorded(long templateId, long userId, KeyedRequest keyed) {
		return runOrder(templateId, userId, "-", "", 0, 0, keyed, "", true);
	}

	private Reply runOrder(long templateId, long userId, String nonce, String transactionId, long nowMillis,
			long markTtlMillis, KeyedRequest keyed, String reservedRecord, boolean replayOnly) {
		List<?> reply = this.redis.execute(ORDER,
				List.of(key(templateId, "sale"), key(templateId, "sale:stock"), key(templateId, "sale:buyers"),
						key(templateId, "sale:used:" + nonce), key(templateId, "sale:handoffs"), key(templateId, "sale:idem")),
				Long.toString(userId), transactionId, Long.toString(nowMillis), Long.toString(markTtlMillis), keyed.field(),
				keyed.fingerprint(), reservedRecord, replayOnly ? "1" : "0");
		if (reply == null || reply.isEmpty()) {
			throw new IllegalStateException("flash-order script answered " + reply);
		}
		Outcome outcome = Outcome.valueOf(String.valueOf(reply.get(0)));
		return switch (outcome) {
			case RESERVED -> new Reply(outcome, ((Number) reply.get(1)).longValue(), null, false);
			case REPLAY -> new Reply(outcome, -1, FlashOrderRecord.decode(String.valueOf(reply.get(1))),
					"1".equals(String.valueOf(reply.get(2))));
			default -> new Reply(outcome, -1, null, false);
		};
	}

	boolean undo(long templateId, long userId, String nonce, String transactionId, KeyedRequest keyed) {
		return Long.valueOf(1).equals(this.redis.execute(UNDO, List.of(key(templateId, "sale:stock"),
				key(templateId, "sale:buyers"), key(templateId, "sale:used:" + nonce), key(templateId, "sale:handoffs"),
				key(templateId, "sale:idem")), Long.toString(userId), transactionId, keyed.field()));
	}

	/**
	 * Binds the buyer's Idempotency-Key to this sale for {@code ttl}, unless it is bound already.
	 * @return the sale (or claim template) the key is bound to
	 */
	long bindKey(long userId, String idempotencyKey, long templateId, Duration ttl) {
		return IdempotencyKeys.bind(this.redis, "{u:" + userId + "}:flash-idem:" + idempotencyKey, templateId, ttl);
	}

	/** A reservation not yet acknowledged by Kafka when its process stopped: it is re-driven. */
	record UnsentReservation(String transactionId, long userId, Instant reservedAt) {
	}

	/** A reservation's member of {@code sale:handoffs}, as flash-order.lua writes it. */
	static String handOffMember(String transactionId, long userId) {
		return transactionId + ":" + userId;
	}

	/** Kafka acknowledged these reservations' hand-offs (their {@link #handOffMember}s): nothing to re-drive. */
	void handedOff(long templateId, List<String> members) {
		this.redis.opsForZSet().remove(key(templateId, "sale:handoffs"), members.toArray());
	}

	/** Reservations reserved before {@code cutoff} whose hand-off was never acknowledged, oldest first. */
	List<UnsentReservation> unsentBefore(long templateId, Instant cutoff, int limit) {
		Set<ZSetOperations.TypedTuple<String>> found = this.redis.opsForZSet()
			.rangeByScoreWithScores(key(templateId, "sale:handoffs"), 0, cutoff.toEpochMilli(), 0, limit);
		if (found == null) {
			return List.of();
		}
		return found.stream().map(entry -> {
			String member = entry.getValue();
			int colon = member.lastIndexOf(':');
			return new UnsentReservation(member.substring(0, colon), Long.parseLong(member.substring(colon + 1)),
					Instant.ofEpochMilli(entry.getScore().longValue()));
		}).toList();
	}

	/**
	 * Gives expired transactions' units back, each once however often retried.
	 * @return how many were given back now (the others already were), -1 when the sale has no
	 * Redis state (a rebuild from the ledger counts them)
	 */
	long release(long templateId, List<Transaction> expired) {
		List<String> args = new ArrayList<>(expired.size() * 2);
		for (Transaction t : expired) {
			args.add(Long.toString(t.userId()));
			args.add(t.transactionId());
		}
		return this.redis.execute(RELEASE, List.of(key(templateId, "sale"), key(templateId, "sale:stock"),
				key(templateId, "sale:buyers"), key(templateId, "sale:released")), args.toArray());
	}

	/**
	 * Loads or updates the sale's state; {@code stockIfNew} and {@code heldIfNew} apply only when
	 * Redis has none. @return 0 not newer, 1 created, 2 updated
	 */
	long warm(FlashSale sale, long stockIfNew, Map<Long, Integer> heldIfNew) {
		List<String> args = new ArrayList<>(List.of(sale.status().name(), Long.toString(sale.start().toEpochMilli()),
				Long.toString(sale.end().toEpochMilli()), Integer.toString(sale.perUserLimit()),
				Long.toString(sale.price()), Integer.toString(sale.totalStock()), Long.toString(sale.version()),
				Long.toString(sale.end().plus(RETENTION).toEpochMilli()), Long.toString(Math.max(0, stockIfNew))));
		heldIfNew.forEach((user, held) -> {
			args.add(Long.toString(user));
			args.add(Integer.toString(held));
		});
		return this.redis.execute(WARM,
				List.of(key(sale.templateId(), "sale"), key(sale.templateId(), "sale:stock"),
						key(sale.templateId(), "sale:buyers")),
				args.toArray());
	}

	boolean exists(long templateId) {
		return Boolean.TRUE.equals(this.redis.hasKey(key(templateId, "sale")));
	}

	/** Units Redis still hands out; -1 when it has no state for the sale. */
	long remaining(long templateId) {
		String left = this.redis.opsForValue().get(key(templateId, "sale:stock"));
		return left == null ? -1 : Long.parseLong(left);
	}

	/** Lets one caller (in any instance) rebuild a missing state; the lock expires by itself. */
	boolean tryRebuildLock(long templateId) {
		return Boolean.TRUE
			.equals(this.redis.opsForValue().setIfAbsent(key(templateId, "sale:rebuild"), "1", Duration.ofSeconds(10)));
	}

}
