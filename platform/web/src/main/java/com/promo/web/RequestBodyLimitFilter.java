package com.promo.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.PathContainer;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Holds every request body to its limit ({@link RequestBodyProperties}): a declared
 * {@code Content-Length} above it is a 413 before anything is read; a body without one (chunked)
 * is counted as it is read, and the read that passes the limit throws
 * {@link RequestBodyTooLargeException}, which the exception handler answers with the same 413.
 * Requests without a body pass untouched.
 */
class RequestBodyLimitFilter extends OncePerRequestFilter {

	private record Limit(PathPattern pattern, long maxBytes) {
	}

	private final long defaultMaxBytes;

	private final List<Limit> routes;

	RequestBodyLimitFilter(RequestBodyProperties properties) {
		this.defaultMaxBytes = properties.maxSize().toBytes();
		this.routes = properties.routes()
			.values()
			.stream()
			.map(route -> new Limit(PathPatternParser.defaultInstance.parse(route.path()), route.maxSize().toBytes()))
			.toList();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long length = request.getContentLengthLong();
		boolean streamed = length < 0 && request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
		if (length <= 0 && !streamed) {
			chain.doFilter(request, response);
			return;
		}
		long limit = limitOf(request);
		if (length > limit) {
			Problems.write(response, new RequestBodyTooLargeException(limit).problem());
			return;
		}
		chain.doFilter(streamed ? new LimitedRequest(request, limit) : request, response);
	}

	private long limitOf(HttpServletRequest request) {
		if (this.routes.isEmpty()) {
			return this.defaultMaxBytes;
		}
		PathContainer path = PathContainer
			.parsePath(request.getRequestURI().substring(request.getContextPath().length()));
		for (Limit route : this.routes) {
			if (route.pattern().matches(path)) {
				return route.maxBytes();
			}
		}
		return this.defaultMaxBytes;
	}

	/** The request whose body stream counts what is read from it. */
	private static final class LimitedRequest extends HttpServletRequestWrapper {

		private final long limit;

		private ServletInputStream stream;

		LimitedRequest(HttpServletRequest request, long limit) {
			super(request);
			this.limit = limit;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				this.stream = new LimitedInputStream(super.getInputStream(), this.limit);
			}
			return this.stream;
		}

		@Override
		public BufferedReader getReader() throws IOException {
			String encoding = getCharacterEncoding();
			Charset charset = (encoding != null) ? Charset.forName(encoding) : StandardCharsets.ISO_8859_1;
			return new BufferedReader(new InputStreamReader(getInputStream(), charset));
		}

	}

	private static final class LimitedInputStream extends ServletInputStream {

		private final ServletInputStream delegate;

		private final long limit;

		private long read;

		LimitedInputStream(ServletInputStream delegate, long limit) {
			this.delegate = delegate;
			this.limit = limit;
		}

		@Override
		public int read() throws IOException {
			int b = this.delegate.read();
			if (b >= 0) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = this.delegate.read(buffer, offset, length);
			if (n > 0) {
				count(n);
			}
			return n;
		}

		private void count(int n) throws RequestBodyTooLargeException {
			this.read += n;
			if (this.read > this.limit) {
				throw new RequestBodyTooLargeException(this.limit);
			}
		}

		@Override
		public int available() throws IOException {
			return this.delegate.available();
		}

		@Override
		public void close() throws IOException {
			this.delegate.close();
		}

		@Override
		public boolean isFinished() {
			return this.delegate.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.delegate.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.delegate.setReadListener(listener);
		}

	}

}
