package com.promo.claim.flashsale;

import java.time.Clock;
import java.time.Instant;

import com.github.f4b6a3.tsid.TsidCreator;
import com.promo.ratelimit.Budget;
import com.promo.ratelimit.Decision;
import com.promo.ratelimit.RateLimiter;
import com.promo.web.ProblemCode;
import com.promo.web.ProblemException;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;

/**
 * Issues entry tokens: the human check (when switched on), then the caller's budgets (per user and
 * per client IP, shared by every instance through the Redis limiter), then the sale must be
 * running; the token is bound to user and sale and expires after {@code promo.flash-sale.token-ttl}.
 */
@Service
class EntryTokens {

	static final String USER_LIMIT = "flash-token-user";

	static final String IP_LIMIT = "flash-token-ip";

	record Issued(String token, Instant expiresAt) {
	}

	private final EntryTokenCodec codec;

	private final RateLimiter limiter;

	private final HumanCheck humanCheck;

	private final FlashSales sales;

	private final FlashSaleProperties properties;

	private final FlashSaleMeters meters;

	private final Clock clock;

	private final Budget userBudget;

	private final Budget ipBudget;

	/**
	 * @param humanCheck the declared {@link HumanCheck} bean, else {@link HumanCheck#NONE}. Not a default
	 * bean: a {@code @ConditionalOnMissingBean} in a plain configuration is decided before beans declared
	 * elsewhere are known, so the default stood beside a verifier and, by this parameter's name, won
	 */
	EntryTokens(EntryTokenCodec codec, RateLimiter limiter, ObjectProvider<HumanCheck> humanCheck, FlashSales sales,
			FlashSaleProperties properties, FlashSaleMeters meters, Clock clock) {
		this.codec = codec;
		this.limiter = limiter;
		this.humanCheck = humanCheck.getIfAvailable(() -> HumanCheck.NONE);
		this.sales = sales;
		this.properties = properties;
		this.meters = meters;
		this.clock = clock;
		this.userBudget = new Budget(properties.userTokenBudget(), properties.tokenBudgetPeriod());
		this.ipBudget = new Budget(properties.ipTokenBudget(), properties.tokenBudgetPeriod());
	}

	Issued issue(long templateId, long userId, String clientIp, String humanProof) {
		if (this.properties.humanCheck() && !this.humanCheck.passed(userId, humanProof)) {
			this.meters.token("HUMAN_CHECK_FAILED");
			throw new ProblemException(ProblemCode.FORBIDDEN, "the human check was not passed");
		}
		// the user's budget first: one user cannot spend the budget of everyone behind the same IP
		spend(USER_LIMIT, Long.toString(userId), this.userBudget, "you asked for entry tokens too often");
		spend(IP_LIMIT, clientIp, this.ipBudget, "too many entry tokens were asked for from your address");
		Instant now = this.clock.instant();
		// a template that is no flash sale (or none at all) is as closed to tokens as a sale not running
		FlashSale sale = this.sales.find(templateId).orElse(null);
		if (sale == null || !sale.runningAt(now)) {
			this.meters.token("NOT_CLAIMABLE");
			throw new ProblemException(ProblemCode.NOT_CLAIMABLE, "template " + templateId + " is not a running flash sale");
		}
		Instant expiresAt = now.plus(this.properties.tokenTtl());
		String token = this.codec.encode(new EntryToken(templateId, userId, TsidCreator.getTsid().toString(), expiresAt));
		this.meters.token("ISSUED");
		return new Issued(token, expiresAt);
	}

	private void spend(String limit, String subject, Budget budget, String detail) {
		Decision decision;
		try {
			decision = this.limiter.tryAcquire(limit, subject, budget);
		}
		catch (DataAccessException ex) {
			// fail closed: a sale's abuse limits do not lapse while Redis fails over (orders need it too)
			this.meters.token("UNAVAILABLE");
			throw new ProblemException(ProblemCode.UNAVAILABLE, "entry tokens cannot be issued right now; retry");
		}
		if (!decision.allowed()) {
			this.meters.token("RATE_LIMITED");
			throw new RateLimitedException(detail + "; retry in " + decision.retryAfterSeconds() + " s",
					decision.retryAfterSeconds());
		}
	}

}
