package com.promo.gateway.ratelimit;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import com.promo.gateway.RouteTable;
import com.promo.ratelimit.Decision;
import com.promo.ratelimit.RateLimiter;
import com.promo.security.CurrentPrincipal;
import com.promo.web.ProblemCode;
import com.promo.web.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Spends the request's budget (see {@link EdgeLimits}) in the shared limiter and answers 429
 * {@code RATE_LIMITED} with {@code Retry-After} when it is spent. Runs after Spring Security, so the
 * token's subject is known. When Redis cannot be reached the request goes through (fail open: an
 * outage of the limiter must not become an outage of the platform) and is counted.
 */
class RateLimitFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(RateLimitFilter.class);

	private final EdgeLimits limits;

	private final ClientAddresses clientAddresses;

	private final RateLimiter limiter;

	private final RateLimitMeters meters;

	// one warning per outage, not one per request
	private volatile boolean limiterDown;

	RateLimitFilter(EdgeLimits limits, ClientAddresses clientAddresses, RateLimiter limiter, RateLimitMeters meters) {
		this.limits = limits;
		this.clientAddresses = clientAddresses;
		this.limiter = limiter;
		this.meters = meters;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String path = RouteTable.pathOf(request);
		EdgeLimits.Spending spending = this.limits.of(request.getMethod(), path, CurrentPrincipal.idOrNull(),
				() -> this.clientAddresses.of(request));
		if (spending == null) {
			chain.doFilter(request, response);
			return;
		}
		Decision decision = spend(spending);
		if (decision.allowed()) {
			chain.doFilter(request, response);
			return;
		}
		this.meters.refused(spending.limit());
		response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(decision.retryAfterSeconds()));
		ProblemDetail problem = Problems.of(ProblemCode.RATE_LIMITED, "rate limit '" + spending.limit()
				+ "' reached; retry in " + decision.retryAfterSeconds() + " s");
		problem.setProperty("limit", spending.limit());
		Problems.write(response, problem);
	}

	private Decision spend(EdgeLimits.Spending spending) {
		try {
			Decision decision = this.limiter.tryAcquire(spending.bucket(), spending.subject(), spending.budget());
			if (this.limiterDown) {
				this.limiterDown = false;
				log.info("rate limiter reachable again: limits apply");
			}
			return decision;
		}
		catch (DataAccessException ex) {
			this.meters.unchecked(spending.limit());
			if (!this.limiterDown) {
				this.limiterDown = true;
				log.warn("rate limiter unreachable, requests pass unlimited until it answers: {}", ex.getMessage());
			}
			return new Decision(true, Duration.ZERO);
		}
	}

}
