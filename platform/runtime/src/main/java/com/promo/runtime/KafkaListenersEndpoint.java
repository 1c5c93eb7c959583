package com.promo.runtime;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * {@code /actuator/kafkalisteners}: the service's {@code @KafkaListener} containers and their
 * state, and a switch to pause and resume one, for an operator who must hold a consumer back (a
 * downstream store in trouble, a backlog to build on purpose in a benchmark) without stopping the
 * service. Pausing keeps the consumer in its group (no rebalance) and its offsets where they are;
 * records already fetched are still handled, then polls return nothing until it is resumed.
 * <p>
 * {@code GET} lists every container; {@code GET /{id}} one; {@code POST /{id}} with
 * {@code {"state":"paused"}} or {@code {"state":"running"}} asks for the change and answers the
 * state at once: {@code pausing} until the consumer threads have taken the pause at their next poll.
 * Only operators reach it (promo-security: {@code /actuator/**} but health, info and prometheus).
 */
@Endpoint(id = "kafkalisteners")
public class KafkaListenersEndpoint {

	/** What an operator asks a container to be. */
	public enum Requested {

		PAUSED, RUNNING

	}

	/**
	 * A container as an operator sees it. {@code state}: {@code running}, {@code pausing} (asked,
	 * not yet taken by every consumer), {@code paused} or {@code stopped}.
	 */
	public record Listener(String id, String groupId, List<String> topics, String state) {

		static Listener of(MessageListenerContainer container) {
			String[] topics = container.getContainerProperties().getTopics();
			return new Listener(container.getListenerId(), container.getGroupId(),
					topics == null ? List.of() : Arrays.asList(topics), stateOf(container));
		}

		private static String stateOf(MessageListenerContainer container) {
			if (!container.isRunning()) {
				return "stopped";
			}
			if (container.isContainerPaused()) {
				return "paused";
			}
			return container.isPauseRequested() ? "pausing" : "running";
		}

	}

	private final KafkaListenerEndpointRegistry registry;

	public KafkaListenersEndpoint(KafkaListenerEndpointRegistry registry) {
		this.registry = registry;
	}

	@ReadOperation
	public Map<String, Listener> listeners() {
		Map<String, Listener> listeners = new TreeMap<>();
		for (String id : this.registry.getListenerContainerIds()) {
			MessageListenerContainer container = this.registry.getListenerContainer(id);
			if (container != null) {
				listeners.put(id, Listener.of(container));
			}
		}
		return listeners;
	}

	/** {@code null} (404) for an unknown id. */
	@ReadOperation
	public Listener listener(@Selector String id) {
		MessageListenerContainer container = this.registry.getListenerContainer(id);
		return container == null ? null : Listener.of(container);
	}

	@WriteOperation
	public WebEndpointResponse<Listener> change(@Selector String id, String state) {
		Requested requested = parse(state);
		MessageListenerContainer container = this.registry.getListenerContainer(id);
		if (container == null) {
			return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
		}
		if (requested == Requested.PAUSED) {
			container.pause();
		}
		else {
			container.resume();
		}
		return new WebEndpointResponse<>(Listener.of(container));
	}

	static Requested parse(String state) {
		if (state != null) {
			for (Requested value : Requested.values()) {
				if (value.name().equalsIgnoreCase(state.trim())) {
					return value;
				}
			}
		}
		throw new InvalidEndpointRequestException("state: must be \"paused\" or \"running\", was " + state,
				"state: must be paused or running");
	}

}
