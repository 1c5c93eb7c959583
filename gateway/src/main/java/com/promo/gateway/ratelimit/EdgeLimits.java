package com.promo.gateway.ratelimit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import com.promo.ratelimit.Budget;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Which budget a request spends at the edge, and whose: a configured route's budget when one
 * matches; otherwise the user's budget for {@code /api/**} writes, the client address's for
 * anonymous {@code /api/**} reads. A signed-in user's reads and everything outside {@code /api/}
 * (merchant, ops, health) spend nothing.
 */
final class EdgeLimits {

	static final Set<HttpMethod> WRITES = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);

	static final String WRITES_LIMIT = "writes";

	static final String ANONYMOUS_READS_LIMIT = "anonymous-reads";

	/** One request's spending: {@code limit} names the budget in problems and metrics. */
	record Spending(String limit, String bucket, String subject, Budget budget) {
	}

	private record Route(String limit, PathPattern path, Set<HttpMethod> methods, Budget budget) {
	}

	private final String namespace;

	private final List<Route> routes = new ArrayList<>();

	private final Budget writes;

	private final Budget anonymousReads;

	EdgeLimits(RateLimitProperties properties) {
		this.namespace = properties.namespace();
		for (Map.Entry<String, RateLimitProperties.RouteLimit> route : properties.routes().entrySet()) {
			this.routes.add(new Route(route.getKey(), PathPatternParser.defaultInstance.parse(route.getValue().path()),
					route.getValue().methods(), route.getValue().budget()));
		}
		this.writes = properties.writes().budget();
		this.anonymousReads = properties.anonymousReads().budget();
	}

	/** Every limit's name, for meters that exist before the first refusal. */
	List<String> names() {
		List<String> names = new ArrayList<>(this.routes.stream().map(Route::limit).toList());
		names.add(WRITES_LIMIT);
		names.add(ANONYMOUS_READS_LIMIT);
		return names;
	}

	/**
	 * @param userId the token's subject, null for an anonymous request
	 * @param clientAddress asked only when the request is anonymous and limited
	 * @return what the request spends, or null when it is not limited
	 */
	Spending of(String method, String path, String userId, Supplier<String> clientAddress) {
		if (!path.startsWith("/api/")) {
			return null;
		}
		HttpMethod httpMethod = HttpMethod.valueOf(method);
		PathContainer container = null;
		for (Route route : this.routes) {
			if (!route.methods().contains(httpMethod)) {
				continue;
			}
			container = container == null ? PathContainer.parsePath(path) : container;
			if (route.path().matches(container)) {
				return spending(route.limit(), route.budget(), userId, clientAddress);
			}
		}
		if (WRITES.contains(httpMethod)) {
			// security refuses anonymous writes first; were one to come through, its address pays
			return spending(WRITES_LIMIT, this.writes, userId, clientAddress);
		}
		return userId == null ? spending(ANONYMOUS_READS_LIMIT, this.anonymousReads, null, clientAddress) : null;
	}

	private Spending spending(String limit, Budget budget, String userId, Supplier<String> clientAddress) {
		String subject = userId != null ? "user:" + userId : "ip:" + clientAddress.get();
		return new Spending(limit, this.namespace + "-" + limit, subject, budget);
	}

}
