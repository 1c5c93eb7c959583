package com.promo.gateway;

import java.net.URI;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the gateway sends each service's requests.
 *
 * @param services base URI of each service by its route name ({@code activity}, {@code coupon},
 * {@code claim}, {@code crowd-sync}, {@code pricing})
 */
@ConfigurationProperties("promo.gateway")
public record GatewayProperties(Map<String, URI> services) {

	public GatewayProperties {
		services = services == null ? Map.of() : Map.copyOf(services);
	}

	public URI uriOf(String service) {
		URI uri = this.services.get(service);
		if (uri == null) {
			throw new IllegalStateException("promo.gateway.services." + service + " is not set");
		}
		return uri;
	}

}
