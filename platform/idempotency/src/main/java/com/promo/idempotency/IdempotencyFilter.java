package com.promo.idempotency;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import com.promo.security.CurrentPrincipal;
import com.promo.web.FieldViolation;
import com.promo.web.ProblemCode;
import com.promo.web.Problems;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * API.md's {@code Idempotency-Key} for POSTs that create something: the first request's business
 * outcome (2xx, 409, 410, 422) is stored and replayed to every repeat with the same key and the
 * same request (path and body); the same key with another request is a 409 {@code CONFLICT}; a
 * repeat that arrives while the first is still running waits for its answer. Other outcomes (400,
 * 401, 5xx) are not stored, so a corrected or later retry runs normally. Keys are per caller.
 */
class IdempotencyFilter extends OncePerRequestFilter {

	static final String HEADER = "Idempotency-Key";

	static final String REPLAYED_HEADER = "Idempotent-Replayed";

	private static final Logger log = LoggerFactory.getLogger(IdempotencyFilter.class);

	private static final Set<Integer> STORED_STATUSES = Set.of(409, 410, 422);

	private static final AntPathMatcher PATHS = new AntPathMatcher();

	private final IdempotencyStore store;

	private final List<String> paths;

	IdempotencyFilter(IdempotencyStore store) {
		this(store, List.of());
	}

	/** @param paths the paths served (Ant patterns); empty for every POST */
	IdempotencyFilter(IdempotencyStore store, List<String> paths) {
		this.store = store;
		this.paths = List.copyOf(paths);
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !"POST".equals(request.getMethod()) || request.getHeader(HEADER) == null
				|| !this.paths.isEmpty() && this.paths.stream().noneMatch(p -> PATHS.match(p, request.getRequestURI()));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String key = request.getHeader(HEADER);
		if (key.isEmpty() || key.length() > 64) {
			Problems.write(response, Problems.of(ProblemCode.VALIDATION_FAILED, "Idempotency-Key must be 1-64 characters",
					List.of(new FieldViolation(HEADER, "must be 1-64 characters"))));
			return;
		}
		CachedBodyRequest cached = new CachedBodyRequest(request);
		String caller = Optional.ofNullable(CurrentPrincipal.idOrNull()).orElse("anonymous");
		String redisKey = "idem:" + caller + ":" + key;
		String fingerprint = fingerprint(cached);
		long deadline = System.nanoTime() + this.store.inFlightTimeout().toNanos();
		while (true) {
			Optional<StoredResponse> held;
			try {
				held = this.store.claimOrRead(redisKey, fingerprint);
			}
			catch (DataAccessException ex) {
				// nothing has run yet: the client may retry with the same key (a Redis failover, say)
				Problems.write(response, Problems.of(ProblemCode.UNAVAILABLE,
						"the Idempotency-Key cannot be checked right now; nothing was done, retry with the same key"));
				return;
			}
			if (held.isEmpty()) {
				runFirst(cached, response, chain, redisKey, fingerprint);
				return;
			}
			StoredResponse stored = held.get();
			if (!stored.fingerprint().equals(fingerprint)) {
				Problems.write(response, Problems.of(ProblemCode.CONFLICT,
						"this Idempotency-Key was already used for a different request"));
				return;
			}
			if (stored.completed()) {
				replay(stored, response);
				return;
			}
			if (System.nanoTime() > deadline) {
				Problems.write(response, Problems.of(ProblemCode.CONFLICT,
						"the first request with this Idempotency-Key is still running; retry later"));
				return;
			}
			sleep();
		}
	}

	private void runFirst(CachedBodyRequest request, HttpServletResponse response, FilterChain chain, String redisKey,
			String fingerprint) throws IOException, ServletException {
		ContentCachingResponseWrapper capturing = new ContentCachingResponseWrapper(response);
		boolean stored = false;
		try {
			chain.doFilter(request, capturing);
			int status = capturing.getStatus();
			if (status >= 200 && status < 300 || STORED_STATUSES.contains(status)) {
				stored = keep(redisKey, new StoredResponse(fingerprint, status, capturing.getContentType(),
						capturing.getHeader(HttpHeaders.LOCATION),
						new String(capturing.getContentAsByteArray(), StandardCharsets.UTF_8)));
			}
		}
		finally {
			if (!stored) {
				release(redisKey);
			}
			capturing.copyBodyToResponse();
		}
	}

	/**
	 * Stores the outcome for replays. When Redis cannot take it, the outcome has happened all the
	 * same: the client still gets it (a 500 instead would hide a 201 whose order was taken), only
	 * a later repeat of the key is not replayed.
	 */
	private boolean keep(String redisKey, StoredResponse outcome) {
		try {
			this.store.complete(redisKey, outcome);
			return true;
		}
		catch (DataAccessException ex) {
			log.warn("the answer to {} could not be kept for replays: {}", redisKey, ex.getMessage());
			return false;
		}
	}

	/** Frees the key for a retry; a key Redis cannot free now expires with its in-flight mark. */
	private void release(String redisKey) {
		try {
			this.store.release(redisKey);
		}
		catch (DataAccessException ex) {
			log.warn("{} could not be released for a retry: {}", redisKey, ex.getMessage());
		}
	}

	private static void replay(StoredResponse stored, HttpServletResponse response) throws IOException {
		response.setStatus(stored.status());
		if (stored.contentType() != null) {
			response.setContentType(stored.contentType());
		}
		if (stored.location() != null) {
			response.setHeader(HttpHeaders.LOCATION, stored.location());
		}
		response.setHeader(REPLAYED_HEADER, "true");
		byte[] body = stored.body() == null ? new byte[0] : stored.body().getBytes(StandardCharsets.UTF_8);
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

	private static String fingerprint(CachedBodyRequest request) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest.update((request.getMethod() + " " + request.getRequestURI() + "?"
					+ Optional.ofNullable(request.getQueryString()).orElse("") + "\n").getBytes(StandardCharsets.UTF_8));
			digest.update(request.body);
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void sleep() {
		try {
			Thread.sleep(20);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while waiting for the first request", ex);
		}
	}

	/** The body read once up front (for the fingerprint) and served again to the application. */
	private static final class CachedBodyRequest extends HttpServletRequestWrapper {

		private final byte[] body;

		CachedBodyRequest(HttpServletRequest request) throws IOException {
			super(request);
			this.body = request.getInputStream().readAllBytes();
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream in = new ByteArrayInputStream(this.body);
			return new ServletInputStream() {

				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] b, int off, int len) {
					return in.read(b, off, len);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException();
				}

			};
		}

		@Override
		public java.io.BufferedReader getReader() {
			return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
		}

	}

}
