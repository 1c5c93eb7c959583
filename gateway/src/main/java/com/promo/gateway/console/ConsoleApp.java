package com.promo.gateway.console;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

import com.promo.web.ProblemCode;
import com.promo.web.Problems;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The console (a single-page application built by the {@code console} module into the classpath
 * folder {@code console-app/}) under {@code /console}, from the same origin as the API. A file that
 * exists is served as it is; any other path is a client-side route and gets {@code index.html},
 * except under {@code assets/} (a missing script must not come back as HTML) and the development
 * sign-in's path. No token is needed: the app holds no data, its API calls carry the token.
 * {@link ConsoleHeaders} adds the Content-Security-Policy.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleApp {

	static final String LOCATION = "console-app/";

	/** Vite names the built files by their content: they never change under their name. */
	private static final CacheControl ASSETS = CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable();

	@Bean
	RouterFunction<ServerResponse> consoleRoutes() {
		Resource index = new ClassPathResource(LOCATION + "index.html");
		Function<ServerRequest, Optional<Resource>> files = RouterFunctions.resourceLookupFunction("/console/**",
				new ClassPathResource(LOCATION));
		Function<ServerRequest, Optional<Resource>> lookup = request -> {
			String path = request.path();
			if ((!path.equals("/console") && !path.startsWith("/console/")) || path.equals(DevSignIn.PATH)) {
				return Optional.empty();
			}
			Optional<Resource> file = files.apply(request);
			if (file.isPresent() || path.startsWith("/console/assets/")) {
				return file;
			}
			return index.exists() ? Optional.of(index) : Optional.empty();
		};
		return RouterFunctions.resources(lookup, (resource, headers) -> headers
			.setCacheControl(resource.equals(index) ? CacheControl.noCache() : ASSETS));
	}

	/**
	 * The sign-in's path while its switch is off: not found whatever the method, as an unknown path
	 * (without this a POST would reach the static-resource handler and be 405).
	 */
	@Bean
	@ConditionalOnProperty(name = "promo.gateway.dev-sign-in.enabled", havingValue = "false", matchIfMissing = true)
	RouterFunction<ServerResponse> devSignInSwitchedOff() {
		return RouterFunctions.route(RequestPredicates.path(DevSignIn.PATH),
				request -> ServerResponse.status(ProblemCode.NOT_FOUND.status())
					.contentType(MediaType.APPLICATION_PROBLEM_JSON)
					.body(Problems.asMap(Problems.of(ProblemCode.NOT_FOUND, "no resource at " + DevSignIn.PATH))));
	}

}
