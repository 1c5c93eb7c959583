package com.promo.gateway;

import java.io.IOException;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import com.promo.web.ProblemCode;
import com.promo.web.Problems;
import com.promo.web.Refusals;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * The gateway's routing: a request on a route of {@link ProxyRoutes} goes to its service through
 * {@link ServiceProxy}, behind the service's circuit breaker (Resilience4j, named after the
 * service); every other request goes on to Spring MVC (the gateway's own pages, {@code /ping},
 * the Swagger UI, the console, 404s). Runs after Spring Security and the rate limiter.
 * <p>
 * A service that cannot be reached, does not answer within the read timeout, or whose breaker is
 * open is 503 {@code UNAVAILABLE}; only those count as the breaker's failures. A request the
 * gateway cannot pass on is the caller's 4xx (a body past the limit: 413; a query that is not
 * properly %-encoded: 400), never counted against the service.
 */
class ProxyFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(ProxyFilter.class);

	private final ProxyRoutes routes;

	private final ServiceProxy proxy;

	/** Each service's breaker, looked up once rather than in the registry per request. */
	private final Map<String, CircuitBreaker> breakers;

	ProxyFilter(ProxyRoutes routes, ServiceProxy proxy, CircuitBreakerRegistry registry) {
		this.routes = routes;
		this.proxy = proxy;
		this.breakers = RouteTable.SERVICES.stream()
			.collect(Collectors.toUnmodifiableMap(Function.identity(), registry::circuitBreaker));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String rawPath = RouteTable.pathOf(request);
		ProxyRoutes.Route route = this.routes.match(request.getMethod(), rawPath);
		if (route == null) {
			chain.doFilter(request, response);
			return;
		}
		// the route's pattern is the uri tag of http.server.requests, as Spring MVC's handler mapping sets it
		ServerHttpObservationFilter.findObservationContext(request).ifPresent(context -> context.setPathPattern(route.pattern()));
		if (!QueryEncoding.isValid(request.getQueryString())) {
			Problems.write(response, Problems.refusal(400, "a query or form parameter is not properly %-encoded"));
			return;
		}
		CircuitBreaker breaker = this.breakers.get(route.service());
		if (!breaker.tryAcquirePermission()) {
			unavailable(response, route.service(), "its circuit breaker is open");
			return;
		}
		long start = breaker.getCurrentTimestamp();
		try {
			this.proxy.forward(request, response, route.host(), route.pathOf(rawPath));
			breaker.onSuccess(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit());
		}
		catch (ServiceProxy.ServiceFailedException ex) {
			breaker.onError(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit(), ex.getCause());
			if (response.isCommitted()) {
				throw ex; // the answer was under way: the caller sees it broken off, as the service left it
			}
			response.reset();
			unavailable(response, route.service(), ex.getMessage());
		}
		catch (ServiceProxy.CallerFailedException ex) {
			breaker.releasePermission();
			ProblemDetail refusal = Refusals.of(ex.getCause(), request);
			if (refusal == null || response.isCommitted()) {
				throw ex; // the caller went away: nobody to answer
			}
			response.reset();
			Problems.write(response, refusal);
		}
	}

	private static void unavailable(HttpServletResponse response, String service, String why) throws IOException {
		log.warn("{} unavailable: {}", service, why);
		Problems.write(response, Problems.of(ProblemCode.UNAVAILABLE, service + " is unavailable, try again later"));
	}

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return true;
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return true;
	}

}
