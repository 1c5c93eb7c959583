package com.promo.gateway;

import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Which service owns which public path (API.md). Order matters: the first matching pattern wins,
 * so the sign-up path of coupon-service comes before activity-service's {@code /merchant/activities/**}.
 * {@code /internal/**} is absent on purpose: it is never routed.
 */
public final class RouteTable {

	record ServiceRoutes(String service, List<String> patterns) {
	}

	static final List<ServiceRoutes> ROUTES = List.of(
			// the bare /ops/coupon-templates (the operations list) before claim-service's stock routes below it
			new ServiceRoutes("coupon", List.of("/merchant/activities/*/signups", "/merchant/signups",
					"/merchant/coupon-templates/**", "/ops/coupon-templates", "/api/listings/**", "/api/me/coupons/**")),
			new ServiceRoutes("claim", List.of("/api/coupon-templates/*/claims", "/api/claims/**",
					"/ops/coupon-templates/**", "/api/flash-sales/**", "/ops/flash-sales/**")),
			new ServiceRoutes("crowd-sync", List.of("/ops/crowd-sync/**")),
			new ServiceRoutes("pricing", List.of("/merchant/items/**", "/api/prices/**", "/api/quotes/**")),
			new ServiceRoutes("activity", List.of("/ops/activities/**", "/merchant/activities/**", "/api/activities/**")));

	public static final List<String> SERVICES = List.of("activity", "coupon", "claim", "crowd-sync", "pricing");

	private RouteTable() {
	}

	/** The request's path as the routes see it: within the context, still %-encoded as it came. */
	public static String pathOf(HttpServletRequest request) {
		return request.getRequestURI().substring(request.getContextPath().length());
	}

	/**
	 * The service the gateway sends {@code path} to (the first matching pattern wins, as in the
	 * routes), or empty when the gateway does not route it. Also answers for path templates such as
	 * {@code /api/activities/{id}} (a variable is one segment), so documents can be filtered by it.
	 */
	public static Optional<String> serviceOf(String path) {
		PathContainer container = PathContainer.parsePath(path);
		for (ServiceRoutes serviceRoutes : ROUTES) {
			for (String pattern : serviceRoutes.patterns()) {
				if (PathPatternParser.defaultInstance.parse(pattern).matches(container)) {
					return Optional.of(serviceRoutes.service());
				}
			}
		}
		return Optional.empty();
	}

}
