package com.promo.crowd.ingest;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.promo.contracts.EventCodec;
import com.promo.contracts.MalformedEventException;
import com.promo.contracts.Topic;
import com.promo.contracts.social.FollowEvent;
import com.promo.contracts.trade.OrderEvent;
import com.promo.crowd.CrowdSyncProperties;
import com.promo.web.FieldViolation;
import com.promo.web.ProblemCode;
import com.promo.web.ProblemException;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Upstream events over HTTP, for systems without Kafka: checked, then published to the same topics
 * the consumers read, so both ways in take one pipeline. All or nothing: one invalid event in an
 * array rejects the request and nothing is published.
 */
@RestController
class EventIngestController {

	private static final int MAX_EVENTS = 1000;

	private final KafkaTemplate<String, byte[]> kafka;

	private final Clock clock;

	private final CrowdSyncProperties properties;

	EventIngestController(KafkaTemplate<String, byte[]> kafka, Clock clock, CrowdSyncProperties properties) {
		this.kafka = kafka;
		this.clock = clock;
		this.properties = properties;
	}

	// read as a tree (one event or an array of them): the OpenAPI document is told which
	@PostMapping("/internal/events/follow")
	@ResponseStatus(HttpStatus.ACCEPTED)
	Map<String, Integer> follow(@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
			schema = @Schema(oneOf = { FollowEvent.class, FollowEvent[].class }))) @RequestBody JsonNode body) {
		List<FollowEvent> events = read(body, FollowEvent.class,
				(event, prefix) -> UpstreamEvents.violations(event, prefix, this.clock, this.properties.maxEventSkew()));
		return publish(Topic.FOLLOW_EVENTS, events, FollowEvent::userId);
	}

	@PostMapping("/internal/events/order")
	@ResponseStatus(HttpStatus.ACCEPTED)
	Map<String, Integer> order(@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
			schema = @Schema(oneOf = { OrderEvent.class, OrderEvent[].class }))) @RequestBody JsonNode body) {
		List<OrderEvent> events = read(body, OrderEvent.class,
				(event, prefix) -> UpstreamEvents.violations(event, prefix, this.clock, this.properties.maxEventSkew()));
		return publish(Topic.ORDER_EVENTS, events, OrderEvent::userId);
	}

	private interface Checks<T> {

		List<FieldViolation> violations(T event, String prefix);

	}

	private static <T> List<T> read(JsonNode body, Class<T> type, Checks<T> checks) {
		boolean array = body.isArray();
		List<JsonNode> nodes = new ArrayList<>();
		if (array) {
			body.forEach(nodes::add);
		}
		else {
			nodes.add(body);
		}
		if (nodes.isEmpty() || nodes.size() > MAX_EVENTS) {
			throw ProblemException.invalidField("events", "between 1 and " + MAX_EVENTS + " events per request");
		}
		List<T> events = new ArrayList<>();
		List<FieldViolation> violations = new ArrayList<>();
		for (int i = 0; i < nodes.size(); i++) {
			String prefix = array ? "[" + i + "]." : "";
			if (!nodes.get(i).isObject()) {
				violations.add(new FieldViolation(array ? "[" + i + "]" : "event", "must be a JSON object"));
				continue;
			}
			try {
				T event = EventCodec.decode(EventCodec.encode(nodes.get(i)), type);
				violations.addAll(checks.violations(event, prefix));
				events.add(event);
			}
			catch (MalformedEventException ex) {
				violations.add(new FieldViolation(array ? "[" + i + "]" : "event", unreadable(ex)));
			}
		}
		if (!violations.isEmpty()) {
			throw new ProblemException(ProblemCode.VALIDATION_FAILED, "invalid events", violations);
		}
		return events;
	}

	private <T> Map<String, Integer> publish(Topic topic, List<T> events, Function<T, String> key) {
		List<CompletableFuture<?>> sends = new ArrayList<>();
		for (T event : events) {
			sends.add(this.kafka.send(topic.wireName(), key.apply(event), EventCodec.encode(event)));
		}
		try {
			CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ProblemException(ProblemCode.UNAVAILABLE, "interrupted while publishing");
		}
		catch (Exception ex) {
			// some events may be on the topic already; the consumers are idempotent, so a retry is safe
			throw new ProblemException(ProblemCode.UNAVAILABLE, "the event log did not take the events; retry");
		}
		return Map.of("accepted", events.size());
	}

	/** Jackson names the bad property and value; keep that part, not the class names. */
	private static String unreadable(MalformedEventException ex) {
		String message = ex.getMessage();
		int detail = message.indexOf(": ");
		String text = (detail >= 0) ? message.substring(detail + 2) : message;
		int newline = text.indexOf('\n');
		return "cannot be read: " + ((newline > 0) ? text.substring(0, newline) : text);
	}

}
