package com.promo.gateway;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import com.promo.web.RequestIdFilter;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.impl.bootstrap.HttpRequester;
import org.apache.hc.core5.http.impl.bootstrap.RequesterBootstrap;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.http.protocol.HttpCoreContext;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.MDC;

/**
 * Passes one request on to a service and its answer back, both streamed, blocking on the
 * request's own virtual thread: Apache HttpCore 5's {@link HttpRequester} (the classic requester
 * its reverse-proxy example is built on) with a pool of kept-alive connections per service.
 * <p>
 * It replaced Spring Cloud Gateway's server-webmvc handler and then HttpClient 5 (README "The
 * gateway benchmark" has the profiles): the handler went through Spring MVC's dispatch, a
 * {@code RestClient}, header filters that each copied the headers, and Spring Cloud
 * CircuitBreaker's wrapping; HttpClient's execution chain (routes, redirects, authentication,
 * cookies, URI rebuilding) was a fifth of a proxied read's CPU for nothing a proxy needs. What a
 * proxy must do is here: hop-by-hop headers stay behind (RFC 9110 7.6.1), {@code X-Forwarded-For}
 * gets the caller's address appended (the flash sale's per-address budget reads its last entry),
 * redirects, cookies and compressed bodies pass through untouched. The gateway's {@code
 * X-Request-Id} and its span ({@code traceparent}) go to the service in place of whatever the
 * caller sent.
 */
final class ServiceProxy implements Closeable {

	/** Headers of one connection, not of the message, plus those the client or the gateway sets itself. */
	private static final Set<String> NOT_PASSED_ON = Set.of("connection", "keep-alive", "proxy-authenticate",
			"proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "host",
			"content-length", "expect", "x-request-id", "traceparent", "tracestate", "x-forwarded-for");

	/** The service's own request id echo goes: the client sees the gateway's one. */
	private static final Set<String> NOT_PASSED_BACK = Set.of("connection", "keep-alive", "proxy-authenticate",
			"proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "x-request-id");

	private static final String FORWARDED_FOR = "X-Forwarded-For";

	private final HttpRequester requester;

	private final Timeout poolWait;

	/** Closes connections idle past {@code idle-timeout}, as HttpClient's own evictor did. */
	private final ScheduledExecutorService idleEvictor;

	private final Tracer tracer;

	private final Propagator propagator;

	ServiceProxy(ProxyClientProperties properties, int services, Tracer tracer, Propagator propagator) {
		this.tracer = tracer;
		this.propagator = propagator;
		this.poolWait = Timeout.of(properties.poolWait());
		this.requester = RequesterBootstrap.bootstrap()
			// the read timeout bounds the connect too: HttpRequester connects with the socket's timeout
			.setSocketConfig(SocketConfig.custom()
				.setSoTimeout(Timeout.of(properties.readTimeout()))
				.setTcpNoDelay(true)
				.build())
			.setDefaultMaxPerRoute(properties.maxConnectionsPerService())
			.setMaxTotal(properties.maxConnectionsPerService() * services)
			// per-route pools without the strict pool's one lock over every lease and release (the
			// total is then a soft bound, the per-service one holds)
			.setPoolConcurrencyPolicy(PoolConcurrencyPolicy.LAX)
			.create();
		TimeValue idle = TimeValue.of(properties.idleTimeout());
		this.idleEvictor = Executors.newSingleThreadScheduledExecutor(
				Thread.ofPlatform().daemon().name("gateway-proxy-idle-evictor").factory());
		long every = Math.max(1, properties.idleTimeout().toMillis() / 2);
		this.idleEvictor.scheduleWithFixedDelay(() -> this.requester.closeIdle(idle), every, every, TimeUnit.MILLISECONDS);
	}

	/**
	 * Sends {@code request} to {@code service} at {@code path} (the raw, still encoded path, the
	 * query appended as it came) and copies the answer to {@code response}.
	 * @throws ServiceFailedException the service could not be reached or broke off its answer
	 * @throws CallerFailedException reading the caller's body or writing to the caller failed (a
	 * body past the limit, a caller gone): not the service's fault
	 */
	void forward(HttpServletRequest request, HttpServletResponse response, HttpHost service, String path) {
		String query = request.getQueryString();
		BasicClassicHttpRequest outgoing = new BasicClassicHttpRequest(request.getMethod(), service,
				query == null ? path : path + '?' + query);
		copyRequestHeaders(request, outgoing);
		CallerStream body = null;
		if (hasBody(request)) {
			body = new CallerStream(request);
			outgoing.setEntity(new InputStreamEntity(body, request.getContentLengthLong(), null));
		}
		// the answer's entity gives the connection back to the pool once read to its end
		try (ClassicHttpResponse answer = this.requester.execute(service, outgoing, this.poolWait, HttpCoreContext.create())) {
			copyAnswer(answer, response);
		}
		catch (CallerFailedException ex) {
			throw ex;
		}
		catch (IOException | HttpException ex) {
			if (body != null && body.failure != null) {
				throw new CallerFailedException(body.failure);
			}
			throw new ServiceFailedException(ex);
		}
	}

	private void copyRequestHeaders(HttpServletRequest request, BasicClassicHttpRequest outgoing) {
		String forwardedFor = null;
		Set<String> connectionOptions = connectionOptions(request);
		for (Enumeration<String> names = request.getHeaderNames(); names.hasMoreElements();) {
			String name = names.nextElement();
			String lower = name.toLowerCase(Locale.ROOT);
			if (lower.equals("x-forwarded-for")) {
				forwardedFor = String.join(", ", Collections.list(request.getHeaders(name)));
			}
			if (NOT_PASSED_ON.contains(lower) || connectionOptions.contains(lower)) {
				continue;
			}
			for (Enumeration<String> values = request.getHeaders(name); values.hasMoreElements();) {
				outgoing.addHeader(name, values.nextElement());
			}
		}
		String caller = request.getRemoteAddr();
		outgoing.setHeader(FORWARDED_FOR, forwardedFor == null ? caller : forwardedFor + ", " + caller);
		String requestId = MDC.get(RequestIdFilter.MDC_KEY);
		if (requestId != null) {
			outgoing.setHeader(RequestIdFilter.HEADER, requestId);
		}
		// the service's span is a child of the gateway's http.server.requests span
		TraceContext trace = this.tracer.currentTraceContext().context();
		if (trace != null) {
			this.propagator.inject(trace, outgoing, BasicClassicHttpRequest::setHeader);
		}
	}

	/** The headers the caller's {@code Connection} header names: they are this hop's only (RFC 9110 7.6.1). */
	private static Set<String> connectionOptions(HttpServletRequest request) {
		Enumeration<String> values = request.getHeaders("Connection");
		if (values == null || !values.hasMoreElements()) {
			return Set.of();
		}
		Set<String> options = new HashSet<>();
		while (values.hasMoreElements()) {
			for (String option : values.nextElement().split(",")) {
				options.add(option.strip().toLowerCase(Locale.ROOT));
			}
		}
		return options;
	}

	private static boolean hasBody(HttpServletRequest request) {
		return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
	}

	private static void copyAnswer(ClassicHttpResponse answer, HttpServletResponse response) throws IOException {
		response.setStatus(answer.getCode());
		for (Header header : answer.getHeaders()) {
			if (!NOT_PASSED_BACK.contains(header.getName().toLowerCase(Locale.ROOT))) {
				response.addHeader(header.getName(), header.getValue());
			}
		}
		HttpEntity entity = answer.getEntity();
		if (entity == null) {
			return;
		}
		try (InputStream in = entity.getContent()) {
			OutputStream out = callerOutput(response);
			byte[] buffer = new byte[8192];
			for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
				write(out, buffer, n);
			}
		}
	}

	private static OutputStream callerOutput(HttpServletResponse response) {
		try {
			return response.getOutputStream();
		}
		catch (IOException ex) {
			throw new CallerFailedException(ex);
		}
	}

	private static void write(OutputStream out, byte[] buffer, int length) {
		try {
			out.write(buffer, 0, length);
		}
		catch (IOException ex) {
			throw new CallerFailedException(ex);
		}
	}

	@Override
	public void close() {
		this.idleEvictor.shutdownNow();
		this.requester.close(CloseMode.GRACEFUL);
	}

	/** The caller's body, remembering a failure to read it (HttpClient reports it as its own I/O failure). */
	private static final class CallerStream extends InputStream {

		private final HttpServletRequest request;

		private InputStream in;

		IOException failure;

		CallerStream(HttpServletRequest request) {
			this.request = request;
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			return (read(one, 0, 1) < 0) ? -1 : one[0] & 0xff;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			try {
				if (this.in == null) {
					this.in = this.request.getInputStream();
				}
				return this.in.read(buffer, offset, length);
			}
			catch (IOException ex) {
				this.failure = ex;
				throw ex;
			}
		}

	}

	/** The service could not be reached, did not answer in time, or broke off its answer. */
	static final class ServiceFailedException extends RuntimeException {

		ServiceFailedException(Exception cause) {
			super(cause.getMessage() != null ? cause.getMessage() : cause.getClass().getName(), cause);
		}

	}

	/** The caller's side of the exchange failed: its body could not be read, or the answer not written. */
	static final class CallerFailedException extends RuntimeException {

		CallerFailedException(IOException cause) {
			super(cause.getMessage(), cause);
		}

	}

}
