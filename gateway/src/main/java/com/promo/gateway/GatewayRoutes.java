package com.promo.gateway;

import java.net.URI;
import java.util.Optional;

import com.promo.web.ProblemCode;
import com.promo.web.Problems;
import com.promo.web.Refusals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions;
import org.springframework.cloud.gateway.server.mvc.filter.CircuitBreakerFilterFunctions;
import org.springframework.cloud.gateway.server.mvc.handler.GatewayRouterFunctions;
import org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The routes of {@link RouteTable}, each behind a circuit breaker named after its service, plus
 * {@code /services/{service}/actuator/health/**} so that operators can see every service's health
 * through the gateway. A service that cannot be reached answers 503 {@code UNAVAILABLE}.
 */
@Configuration(proxyBeanMethods = false)
class GatewayRoutes {

	private static final Logger log = LoggerFactory.getLogger(GatewayRoutes.class);

	@Bean
	RouterFunction<ServerResponse> promoRoutes(GatewayProperties properties) {
		RouterFunction<ServerResponse> routes = null;
		for (RouteTable.ServiceRoutes serviceRoutes : RouteTable.ROUTES) {
			URI uri = properties.uriOf(serviceRoutes.service());
			for (String pattern : serviceRoutes.patterns()) {
				routes = and(routes, proxy(serviceRoutes.service(), serviceRoutes.service() + " " + pattern,
						RequestPredicates.path(pattern), uri, 0));
			}
		}
		for (String service : RouteTable.SERVICES) {
			routes = and(routes, proxy(service, service + " health",
					RequestPredicates.GET("/services/" + service + "/actuator/health/**"), properties.uriOf(service), 2));
		}
		return routes;
	}

	private static RouterFunction<ServerResponse> proxy(String service, String routeId,
			org.springframework.web.servlet.function.RequestPredicate predicate, URI uri, int stripParts) {
		var route = GatewayRouterFunctions.route(routeId)
			.route(predicate, HandlerFunctions.http())
			// the request id travels on through the proxy's RestClient (promo-web's RequestIdForwarding)
			.before(BeforeFilterFunctions.uri(uri));
		if (stripParts > 0) {
			route = route.before(BeforeFilterFunctions.stripPrefix(stripParts));
		}
		return route.filter(CircuitBreakerFilterFunctions.circuitBreaker(service))
			.onError(ex -> true, (ex, request) -> failed(service, ex))
			.build();
	}

	/**
	 * A call that failed: the client's fault when the request could not be passed on (a streamed
	 * body past the limit, a query parameter Tomcat cannot decode: the 4xx of promo-web's
	 * Refusals), else the service could not be reached (503).
	 */
	private static ServerResponse failed(String service, Throwable ex) {
		ProblemDetail refusal = Refusals.of(ex, null);
		if (refusal != null) {
			return ServerResponse.status(refusal.getStatus())
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.body(Problems.asMap(refusal));
		}
		return unavailable(service, ex);
	}

	private static ServerResponse unavailable(String service, Throwable ex) {
		log.warn("{} unavailable: {}", service, Optional.ofNullable(ex.getMessage()).orElse(ex.getClass().getName()));
		return ServerResponse.status(ProblemCode.UNAVAILABLE.status())
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(Problems.asMap(Problems.of(ProblemCode.UNAVAILABLE, service + " is unavailable, try again later")));
	}

	private static RouterFunction<ServerResponse> and(RouterFunction<ServerResponse> routes,
			RouterFunction<ServerResponse> next) {
		return routes == null ? next : routes.and(next);
	}

}
