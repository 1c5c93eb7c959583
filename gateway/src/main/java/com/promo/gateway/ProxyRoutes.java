package com.promo.gateway;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.apache.hc.core5.http.HttpHost;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The routes of {@link RouteTable}, compiled once, plus {@code GET /services/{service}/actuator/health/**}
 * (each service's health through the gateway, the first two segments stripped).
 */
final class ProxyRoutes {

	/** Where a matched request goes. */
	record Route(String service, HttpHost host, PathPattern matcher, String method, int stripSegments) {

		/** The route's pattern, also the {@code uri} tag of its metrics. */
		String pattern() {
			return this.matcher.getPatternString();
		}

		/** The service's path for {@code rawPath} (still encoded, as the caller sent it). */
		String pathOf(String rawPath) {
			String path = rawPath;
			for (int i = 0; i < this.stripSegments; i++) {
				int next = path.indexOf('/', 1);
				path = (next < 0) ? "/" : path.substring(next);
			}
			return path;
		}

	}

	private final List<Route> routes;

	ProxyRoutes(GatewayProperties properties) {
		List<Route> compiled = new ArrayList<>();
		for (RouteTable.ServiceRoutes serviceRoutes : RouteTable.ROUTES) {
			HttpHost host = hostOf(properties.uriOf(serviceRoutes.service()));
			for (String pattern : serviceRoutes.patterns()) {
				compiled.add(route(serviceRoutes.service(), host, pattern, null, 0));
			}
		}
		for (String service : RouteTable.SERVICES) {
			compiled.add(route(service, hostOf(properties.uriOf(service)), "/services/" + service + "/actuator/health/**",
					"GET", 2));
		}
		this.routes = List.copyOf(compiled);
	}

	private static Route route(String service, HttpHost host, String pattern, String method, int strip) {
		return new Route(service, host, PathPatternParser.defaultInstance.parse(pattern), method, strip);
	}

	private static HttpHost hostOf(URI uri) {
		return new HttpHost(uri.getScheme(), uri.getHost(), uri.getPort());
	}

	/** The first route that takes {@code method} on {@code path} (the request's path within the context), or null. */
	Route match(String method, String path) {
		PathContainer container = PathContainer.parsePath(path);
		for (Route route : this.routes) {
			if ((route.method() == null || route.method().equals(method)) && route.matcher().matches(container)) {
				return route;
			}
		}
		return null;
	}

}
