package com.promo.runtime.tracing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Continues a consumed record's trace around the work done for that record, for batch listeners:
 * their container hands over a whole poll batch, so it cannot open a span per record (record
 * listeners get one from the container's observation).
 * <p>
 * The work runs inside a consumer span that is a child of the span that sent the record (its
 * {@code traceparent} header): its log lines carry the record's trace and span ids (MDC), and what
 * it sends to Kafka or over HTTP continues the same trace. A batch mixes records of many traces,
 * which is why this is per record and not one span for the batch. An unsampled trace (most of them
 * at 10 %) costs a header parse, a span id and the MDC entries, nothing recorded; a record without
 * trace headers runs as it is, outside any span.
 */
public final class RecordTracing {

	/** Runs the work and nothing else: for tests and contexts without a tracer. */
	public static final RecordTracing NONE = new RecordTracing(Tracer.NOOP, Propagator.NOOP);

	private static final Propagator.Getter<Headers> HEADERS = (headers, key) -> {
		Header header = headers.lastHeader(key);
		return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
	};

	private final Tracer tracer;

	private final Propagator propagator;

	private final List<String> fields;

	public RecordTracing(Tracer tracer, Propagator propagator) {
		this.tracer = tracer;
		this.propagator = propagator;
		this.fields = List.copyOf(propagator.fields());
	}

	/** Runs {@code work} in the record's trace and returns what it returns. */
	public <T> T call(ConsumerRecord<?, ?> record, Supplier<T> work) {
		if (!carriesTrace(record.headers())) {
			return work.get();
		}
		Span span = this.propagator.extract(record.headers(), HEADERS)
			.kind(Span.Kind.CONSUMER)
			.name(record.topic() + " process")
			.remoteServiceName("kafka")
			.start();
		try (Tracer.SpanInScope scope = this.tracer.withSpan(span)) {
			return work.get();
		}
		catch (RuntimeException | Error ex) {
			span.error(ex);
			throw ex;
		}
		finally {
			span.end();
		}
	}

	/** Runs {@code work} in the record's trace. */
	public void run(ConsumerRecord<?, ?> record, Runnable work) {
		call(record, () -> {
			work.run();
			return null;
		});
	}

	private boolean carriesTrace(Headers headers) {
		for (String field : this.fields) {
			if (headers.lastHeader(field) != null) {
				return true;
			}
		}
		return false;
	}

}
