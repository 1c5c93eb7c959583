package com.promo.gateway.ratelimit;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import com.promo.ratelimit.Budget;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.http.HttpMethod;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.util.pattern.PatternParseException;

/**
 * The gateway's rate limits ({@code promo.gateway.rate-limit.*}); the defaults are in the gateway's
 * {@code application.yml} and the README. Every budget is a token bucket in the Redis Cluster,
 * shared by all gateway instances: {@code capacity} requests at once, refilled at {@code capacity}
 * per {@code period}.
 *
 * @param namespace prefix of every limit's name in Redis (two environments sharing one cluster
 * keep apart by it)
 * @param trustedProxies addresses or CIDR ranges of the proxies in front of the gateway: only a
 * request from one of them has its client address read from {@code X-Forwarded-For}
 * @param writes each user's budget of {@code /api/**} writes that no route below matches
 * @param anonymousReads each client address's budget of anonymous {@code /api/**} reads that no
 * route below matches
 * @param routes budgets of their own for some {@code /api/**} paths, by name (the name is the
 * limit's name in problems and metrics); the first that matches a request wins; spent per user,
 * or per client address for an anonymous request
 */
@ConfigurationProperties("promo.gateway.rate-limit")
@Validated
public record RateLimitProperties(@DefaultValue("gateway") @Pattern(regexp = "[a-z0-9-]+") String namespace,
		@DefaultValue List<String> trustedProxies, @NotNull @Valid Limit writes, @NotNull @Valid Limit anonymousReads,
		@DefaultValue Map<String, @Valid RouteLimit> routes) {

	public RateLimitProperties {
		trustedProxies = List.copyOf(trustedProxies);
		routes = new LinkedHashMap<>(routes);
	}

	/** A budget: {@code capacity} requests at once, refilled at {@code capacity} per {@code period}. */
	public record Limit(@Min(1) int capacity, @NotNull @DurationMin(millis = 1) Duration period) {

		Budget budget() {
			return new Budget(this.capacity, this.period);
		}

	}

	/**
	 * A route's budget.
	 * @param path a path pattern under {@code /api/} ({@code *} one segment, {@code **} the rest)
	 * @param methods the methods it counts (default: the writes POST, PUT, PATCH and DELETE)
	 */
	public record RouteLimit(@NotNull @Pattern(regexp = "/api/.*", message = "must be a path pattern under /api/") String path,
			Set<HttpMethod> methods, @Min(1) int capacity, @NotNull @DurationMin(millis = 1) Duration period) {

		public RouteLimit {
			methods = (methods == null || methods.isEmpty()) ? EdgeLimits.WRITES : Set.copyOf(methods);
			if (path != null) {
				try {
					PathPatternParser.defaultInstance.parse(path);
				}
				catch (PatternParseException ex) {
					throw new IllegalArgumentException("'" + path + "' is not a path pattern: " + ex.getMessage(), ex);
				}
			}
		}

		Budget budget() {
			return new Budget(this.capacity, this.period);
		}

	}

}
