package com.promo.pricing.remote;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.timelimiter.TimeLimiter;

import org.springframework.http.client.SimpleClientHttpRequestFactory;

/**
 * One remote service's calls behind a time limiter and a circuit breaker: a call that fails or
 * takes longer than the limit counts as a failure; once failures pass the threshold the breaker
 * refuses calls at once (no thread waits on a dead service) until it probes again. Every refusal
 * is a {@link RemoteUnavailable}: callers decide what failing safely means for them.
 */
public class GuardedCall {

	private final String service;

	private final CircuitBreaker breaker;

	private final TimeLimiter limiter;

	private final ExecutorService executor;

	GuardedCall(String service, CircuitBreaker breaker, TimeLimiter limiter, ExecutorService executor) {
		this.service = service;
		this.breaker = breaker;
		this.limiter = limiter;
		this.executor = executor;
	}

	public <T> T call(Supplier<T> remoteCall) {
		try {
			return this.breaker.executeCallable(
					() -> this.limiter.executeFutureSupplier(() -> this.executor.submit(remoteCall::get)));
		}
		catch (Exception ex) {
			throw new RemoteUnavailable(this.service, unwrap(ex));
		}
	}

	/** Socket timeouts a little beyond the time limiter's, so that no abandoned call lingers. */
	public static SimpleClientHttpRequestFactory httpTimeouts(Duration limit) {
		SimpleClientHttpRequestFactory factory = new SimpleClientHttpRequestFactory();
		factory.setConnectTimeout(limit);
		factory.setReadTimeout(limit.plusSeconds(1));
		return factory;
	}

	private static Throwable unwrap(Throwable ex) {
		while ((ex instanceof ExecutionException || ex instanceof CompletionException) && ex.getCause() != null) {
			ex = ex.getCause();
		}
		return ex;
	}

}
