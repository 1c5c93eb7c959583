package com.promo.idempotency;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param retention how long a key and its first response are kept (API.md: at least 24 h)
 * @param inFlightTimeout how long a key stays claimed by a request that has not answered yet; a
 * duplicate waits at most this long for the first answer
 * @param paths the request paths (Ant patterns) the filter serves; empty, the default, means every
 * POST; a service that keys some routes itself (claims) or streams large bodies (settlement files)
 * lists only the routes it wants here
 */
@ConfigurationProperties("promo.idempotency")
public record IdempotencyProperties(@DefaultValue("24h") Duration retention, @DefaultValue("30s") Duration inFlightTimeout,
		List<String> paths) {

	public IdempotencyProperties {
		paths = paths == null ? List.of() : List.copyOf(paths);
	}

}
