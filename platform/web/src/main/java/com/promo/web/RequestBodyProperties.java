package com.promo.web;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.util.pattern.PatternParseException;

/**
 * How large a request body may be ({@code promo.web.request-body.*}): neither Tomcat nor Spring MVC
 * limits a JSON body, so without this a client could make a service buffer any amount.
 *
 * @param maxSize every body's limit unless a route below has its own (default 1MB)
 * @param routes limits of their own for some paths, by name; the first that matches wins (a
 * streamed upload such as a settlement file)
 */
@ConfigurationProperties("promo.web.request-body")
@Validated
public record RequestBodyProperties(@DefaultValue("1MB") @NotNull DataSize maxSize,
		@DefaultValue Map<String, @Valid Route> routes) {

	public RequestBodyProperties {
		requirePositive(maxSize, "promo.web.request-body.max-size");
		routes = new LinkedHashMap<>(routes);
	}

	/**
	 * @param path a path pattern ({@code *} one segment, {@code **} the rest)
	 * @param maxSize the limit of a body sent to it
	 */
	public record Route(@NotNull String path, @NotNull DataSize maxSize) {

		public Route {
			requirePositive(maxSize, "max-size");
			if (path != null) {
				try {
					PathPatternParser.defaultInstance.parse(path);
				}
				catch (PatternParseException ex) {
					throw new IllegalArgumentException("'" + path + "' is not a path pattern: " + ex.getMessage(), ex);
				}
			}
		}

	}

	private static void requirePositive(DataSize size, String name) {
		if (size != null && size.toBytes() < 1) {
			throw new IllegalArgumentException(name + " must be at least 1 byte");
		}
	}

}
