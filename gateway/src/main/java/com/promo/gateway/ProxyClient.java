package com.promo.gateway;

import com.promo.web.RequestIdForwarding;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

import org.springframework.boot.http.client.HttpComponentsClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.autoconfigure.ClientHttpRequestFactoryBuilderCustomizer;
import org.springframework.cloud.gateway.server.mvc.config.GatewayMvcProperties;
import org.springframework.cloud.gateway.server.mvc.filter.HttpHeadersFilter;
import org.springframework.cloud.gateway.server.mvc.handler.ProxyExchange;
import org.springframework.cloud.gateway.server.mvc.handler.RestClientProxyExchange;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.servlet.function.ServerRequest;

/**
 * How the gateway calls the services (README "The gateway benchmark" has the profile behind each
 * choice):
 * <ul>
 * <li>Apache HttpClient 5 (Boot picks it when it is on the class path) with a pool of kept-alive
 * connections per service, blocking on the request's own virtual thread; the JDK's client handed
 * every exchange between its selector thread and executor threads.</li>
 * <li>A plain {@link RestClient} of its own instead of Boot's builder: no client observation
 * ({@code http.client.requests} and a client span for each proxied call, which the service's own
 * {@code http.server.requests} and span already record, and the gateway's {@code
 * http.server.requests} times the whole hop per route), and no request interceptor, which made
 * the client buffer every request body.</li>
 * <li>What the builder's customizers added travels as headers instead: the gateway's span as the
 * service's parent ({@code traceparent}) and the request id.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class ProxyClient {

	@Bean
	ClientHttpRequestFactoryBuilderCustomizer<HttpComponentsClientHttpRequestFactoryBuilder> proxyConnectionPool(
			ProxyClientProperties properties) {
		int perService = properties.maxConnectionsPerService();
		return builder -> builder
			.withConnectionManagerCustomizer(pool -> pool.setMaxConnPerRoute(perService)
				.setMaxConnTotal(perService * RouteTable.SERVICES.size()))
			.withDefaultRequestConfigCustomizer(
					request -> request.setConnectionRequestTimeout(Timeout.of(properties.poolWait())))
			.withHttpClientCustomizer(client -> client.evictIdleConnections(TimeValue.of(properties.idleTimeout())));
	}

	@Bean
	ProxyExchange proxyExchange(ClientHttpRequestFactory requestFactory, GatewayMvcProperties properties) {
		return new RestClientProxyExchange(RestClient.builder().requestFactory(requestFactory).build(), properties);
	}

	/**
	 * The service continues the gateway's trace (the span of the gateway's {@code
	 * http.server.requests}) and logs the request id the gateway answered with.
	 */
	@Bean
	TraceAndRequestIdForwarding traceAndRequestIdForwarding(Tracer tracer, Propagator propagator) {
		return new TraceAndRequestIdForwarding(tracer, propagator);
	}

	/** Runs last, after the gateway's own header filters, which hand it a copy of the request's headers. */
	static final class TraceAndRequestIdForwarding implements HttpHeadersFilter.RequestHttpHeadersFilter, Ordered {

		private final Tracer tracer;

		private final Propagator propagator;

		TraceAndRequestIdForwarding(Tracer tracer, Propagator propagator) {
			this.tracer = tracer;
			this.propagator = propagator;
		}

		@Override
		public HttpHeaders apply(HttpHeaders headers, ServerRequest request) {
			RequestIdForwarding.forward(headers);
			TraceContext trace = this.tracer.currentTraceContext().context();
			if (trace != null) {
				this.propagator.inject(trace, headers, HttpHeaders::set);
			}
			return headers;
		}

		@Override
		public int getOrder() {
			return Ordered.LOWEST_PRECEDENCE;
		}

	}

}
