package com.promo.web;

import java.io.IOException;

import org.slf4j.MDC;

import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.web.client.RestClient;

/**
 * A call to another service made while a request is handled carries that request's
 * {@code X-Request-Id} (the id {@link RequestIdFilter} answered with), so one id names the request
 * in every service's log. Applied to every {@link RestClient} built from Boot's builder, the
 * gateway's proxy included; a call made outside a request (a listener, a scheduler) sends none.
 * The trace context ({@code traceparent}) travels separately, through the client's observation.
 */
public class RequestIdForwarding implements RestClientCustomizer, ClientHttpRequestInterceptor {

	@Override
	public void customize(RestClient.Builder builder) {
		builder.requestInterceptor(this);
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		forward(request.getHeaders());
		return execution.execute(request, body);
	}

	/** Puts the id of the request being handled, if any, on {@code headers} of a call it makes. */
	public static void forward(HttpHeaders headers) {
		String requestId = MDC.get(RequestIdFilter.MDC_KEY);
		if (requestId != null) {
			// set, not add: a proxied request may carry the caller's raw header, which the filter replaced
			headers.set(RequestIdFilter.HEADER, requestId);
		}
	}

}
