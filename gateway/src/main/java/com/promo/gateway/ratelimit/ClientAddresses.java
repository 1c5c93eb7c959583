package com.promo.gateway.ratelimit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.web.util.matcher.IpAddressMatcher;

/**
 * The client's address: the connection's remote address, unless the connection comes from a
 * trusted proxy. Then {@code X-Forwarded-For} is read from its right end (the entry the nearest
 * proxy added) towards the left, skipping trusted proxies: the first other address is the client.
 * Entries further left are whatever the client sent and are never believed.
 */
final class ClientAddresses {

	static final String FORWARDED_FOR = "X-Forwarded-For";

	// only literals go to IpAddressMatcher, which would resolve a host name through DNS
	private static final Pattern IP_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

	private final List<IpAddressMatcher> trustedProxies;

	ClientAddresses(List<String> trustedProxies) {
		this.trustedProxies = trustedProxies.stream().map(ClientAddresses::matcher).toList();
	}

	private static IpAddressMatcher matcher(String proxy) {
		String address = proxy.contains("/") ? proxy.substring(0, proxy.indexOf('/')) : proxy;
		if (!IP_LITERAL.matcher(address).matches()) {
			throw new IllegalArgumentException("promo.gateway.rate-limit.trusted-proxies: '" + proxy
					+ "' is not an IP address or CIDR range (host names are not accepted)");
		}
		return new IpAddressMatcher(proxy);
	}

	String of(HttpServletRequest request) {
		String remote = request.getRemoteAddr();
		if (!trusted(remote)) {
			return remote;
		}
		List<String> forwarded = forwardedFor(request);
		for (int i = forwarded.size() - 1; i >= 0; i--) {
			String hop = forwarded.get(i);
			if (!trusted(hop)) {
				return hop;
			}
		}
		// only trusted proxies on the way: the leftmost is the closest to a client we know
		return forwarded.isEmpty() ? remote : forwarded.get(0);
	}

	private boolean trusted(String address) {
		if (this.trustedProxies.isEmpty() || !IP_LITERAL.matcher(address).matches()) {
			return false;
		}
		for (IpAddressMatcher proxy : this.trustedProxies) {
			if (proxy.matches(address)) {
				return true;
			}
		}
		return false;
	}

	/** Every entry of every {@code X-Forwarded-For} header, in order, blanks dropped. */
	private static List<String> forwardedFor(HttpServletRequest request) {
		List<String> hops = new ArrayList<>();
		for (String header : Collections.list(request.getHeaders(FORWARDED_FOR))) {
			for (String hop : header.split(",")) {
				String trimmed = hop.strip();
				if (!trimmed.isEmpty()) {
					hops.add(trimmed);
				}
			}
		}
		return hops;
	}

}
