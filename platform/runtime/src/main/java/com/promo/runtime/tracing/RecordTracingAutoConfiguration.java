package com.promo.runtime.tracing;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.NoopTracerAutoConfiguration;
import org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * {@link RecordTracing} for the batch listeners, on Boot's tracer and propagator (Brave, W3C
 * {@code traceparent}: promo-service-defaults.yml), or doing nothing when a context has neither.
 */
@AutoConfiguration(after = { BraveAutoConfiguration.class, NoopTracerAutoConfiguration.class,
		MicrometerTracingAutoConfiguration.class })
@ConditionalOnClass({ ConsumerRecord.class, Tracer.class })
public class RecordTracingAutoConfiguration {

	@Bean
	RecordTracing recordTracing(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
		Tracer known = tracer.getIfUnique();
		Propagator propagating = propagator.getIfUnique();
		return known == null || propagating == null ? RecordTracing.NONE : new RecordTracing(known, propagating);
	}

}
