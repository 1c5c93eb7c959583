package com.promo.claim.flashsale;

import com.promo.web.Problems;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The problems the platform handler cannot shape: a 429 carries {@code Retry-After}, a refusal
 * replayed for an order's Idempotency-Key {@code Idempotent-Replayed} (as the platform's
 * Idempotency-Key filter marks its replays).
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class FlashSaleExceptionHandler {

	static final String REPLAYED_HEADER = "Idempotent-Replayed";

	@ExceptionHandler(RateLimitedException.class)
	ResponseEntity<Object> rateLimited(RateLimitedException ex) {
		return ResponseEntity.status(ex.code().status())
			.header(HttpHeaders.RETRY_AFTER, Long.toString(ex.retryAfterSeconds()))
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(Problems.asMap(Problems.of(ex.code(), ex.getMessage())));
	}

	/** The very body the platform handler gave the first time (a ProblemDetail, its instance the path). */
	@ExceptionHandler(ReplayedRefusal.class)
	ResponseEntity<Object> replayed(ReplayedRefusal ex) {
		return ResponseEntity.status(ex.code().status())
			.header(REPLAYED_HEADER, "true")
			.body(Problems.of(ex.code(), ex.getMessage(), ex.violations()));
	}

}
