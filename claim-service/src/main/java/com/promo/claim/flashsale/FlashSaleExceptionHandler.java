package com.promo.claim.flashsale;

import com.promo.web.Problems;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The one problem the platform handler cannot shape: a 429 carries {@code Retry-After}. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class FlashSaleExceptionHandler {

	@ExceptionHandler(RateLimitedException.class)
	ResponseEntity<Object> rateLimited(RateLimitedException ex) {
		return ResponseEntity.status(ex.code().status())
			.header(HttpHeaders.RETRY_AFTER, Long.toString(ex.retryAfterSeconds()))
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(Problems.asMap(Problems.of(ex.code(), ex.getMessage())));
	}

}
