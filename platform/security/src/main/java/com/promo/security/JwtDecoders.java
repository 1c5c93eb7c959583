package com.promo.security;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * The platform's token rules (API.md "Auth"): an {@code exp} is required and checked, {@code sub}
 * is a string of digits, and only these signatures are accepted (so {@code alg: none} and every
 * other algorithm fail):
 * <ul>
 * <li>people's tokens RS256/ES256 from the identity provider, verified against its JWKS and
 * issuer ({@code promo.security.jwk-set-uri}, {@code issuer});</li>
 * <li>service tokens HS256 with the service key ({@code promo.security.service-secret}), which
 * may carry the SERVICE role and no other: a service holds that key, and must not be able to mint
 * a person's token;</li>
 * <li>HS256 with {@code promo.security.jwt-secret}, any role: development and tests.</li>
 * </ul>
 */
public final class JwtDecoders {

	private JwtDecoders() {
	}

	/** The verifier for a service's settings. */
	public static JwtDecoder of(PromoSecurityProperties properties) {
		JwtDecoder people = properties.jwkSetUri() == null ? null
				: jwks(properties.jwkSetUri(), properties.issuer());
		JwtDecoder service = properties.serviceSecret() == null ? null : serviceOnly(hs256(properties.serviceSecret()));
		JwtDecoder development = properties.jwtSecret() == null ? null : hs256(properties.jwtSecret());
		return new ByAlgorithm(people, service, development);
	}

	public static JwtDecoder hs256(String secret) {
		SecretKeySpec key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(key).macAlgorithm(MacAlgorithm.HS256).build();
		decoder.setJwtValidator(validators(JwtValidators.createDefault()));
		return decoder;
	}

	/** RS256 or ES256 against the identity provider's published keys (fetched and cached by Nimbus). */
	public static JwtDecoder jwks(String jwkSetUri, String issuer) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(jwkSetUri)
			.jwsAlgorithms(algorithms -> {
				algorithms.add(SignatureAlgorithm.RS256);
				algorithms.add(SignatureAlgorithm.ES256);
			})
			.build();
		decoder.setJwtValidator(validators(JwtValidators.createDefaultWithIssuer(issuer)));
		return decoder;
	}

	private static OAuth2TokenValidator<Jwt> validators(OAuth2TokenValidator<Jwt> defaults) {
		OAuth2TokenValidator<Jwt> expiryRequired = new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull);
		OAuth2TokenValidator<Jwt> numericSubject = new JwtClaimValidator<String>(JwtClaimNames.SUB,
				sub -> sub != null && sub.matches("[0-9]{1,19}"));
		return new DelegatingOAuth2TokenValidator<>(defaults, expiryRequired, numericSubject);
	}

	/** A verified token of the service key that claims any role but SERVICE is refused. */
	private static JwtDecoder serviceOnly(JwtDecoder verifier) {
		return token -> {
			Jwt jwt = verifier.decode(token);
			Object roles = jwt.getClaims().get("roles");
			if (!(roles instanceof Collection<?> list) || !List.of(Role.SERVICE.name()).equals(List.copyOf(list))) {
				throw new BadJwtException("a token signed with the service key may carry the SERVICE role only");
			}
			return jwt;
		};
	}

	/**
	 * Sends each token to the verifier of its header's algorithm: RS256/ES256 to the JWKS one, HS256
	 * to the service key and then the development secret (a token the service key did not sign is
	 * tried with the other). What no configured verifier takes is refused.
	 */
	private record ByAlgorithm(JwtDecoder people, JwtDecoder service, JwtDecoder development) implements JwtDecoder {

		@Override
		public Jwt decode(String token) throws JwtException {
			JWSAlgorithm algorithm;
			try {
				if (!(JWTParser.parse(token) instanceof SignedJWT signed)) {
					throw new BadJwtException("the token is not signed");
				}
				algorithm = signed.getHeader().getAlgorithm();
			}
			catch (ParseException ex) {
				throw new BadJwtException("malformed token: " + ex.getMessage(), ex);
			}
			if (JWSAlgorithm.RS256.equals(algorithm) || JWSAlgorithm.ES256.equals(algorithm)) {
				return require(this.people, algorithm).decode(token);
			}
			if (!JWSAlgorithm.HS256.equals(algorithm)) {
				throw new BadJwtException("tokens signed with " + algorithm + " are not accepted");
			}
			if (this.service != null && this.development != null) {
				try {
					return this.service.decode(token);
				}
				catch (BadJwtException notTheServiceKey) {
					return this.development.decode(token);
				}
			}
			return require(this.service != null ? this.service : this.development, algorithm).decode(token);
		}

		private static JwtDecoder require(JwtDecoder decoder, JWSAlgorithm algorithm) {
			if (decoder == null) {
				throw new BadJwtException("no key is configured for " + algorithm + " tokens");
			}
			return decoder;
		}

	}

}
