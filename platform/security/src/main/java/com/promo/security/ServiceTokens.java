package com.promo.security;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import org.springframework.http.client.ClientHttpRequestInterceptor;

/**
 * Tokens with the SERVICE role for calls between services ({@code /internal/**}), signed with the
 * service key (or the development secret when none is set); one is reused until it is close to
 * expiring.
 */
public class ServiceTokens {

	private static final Duration LIFETIME = Duration.ofHours(1);

	private final byte[] secret;

	private final Clock clock;

	private volatile String token;

	private volatile Instant renewAt = Instant.MIN;

	public ServiceTokens(String secret, Clock clock) {
		this.secret = secret.getBytes(StandardCharsets.UTF_8);
		this.clock = clock;
	}

	public String serviceToken() {
		Instant now = this.clock.instant();
		if (now.isAfter(this.renewAt)) {
			synchronized (this) {
				if (now.isAfter(this.renewAt)) {
					this.token = sign(now);
					this.renewAt = now.plus(LIFETIME).minus(Duration.ofMinutes(5));
				}
			}
		}
		return this.token;
	}

	/** For a {@code RestClient} to another service: every request carries a current service token. */
	public ClientHttpRequestInterceptor bearer() {
		return (request, body, execution) -> {
			request.getHeaders().setBearerAuth(serviceToken());
			return execution.execute(request, body);
		};
	}

	private String sign(Instant now) {
		JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("0")
			.claim("roles", List.of(Role.SERVICE.name()))
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(LIFETIME)))
			.build();
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
			jwt.sign(new MACSigner(this.secret));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("cannot sign a service token", ex);
		}
	}

}
