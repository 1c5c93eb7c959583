package com.promo.gateway.console;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.promo.security.PromoSecurityProperties;
import com.promo.security.Role;
import com.promo.web.FieldViolation;
import com.promo.web.ProblemCode;
import com.promo.web.ProblemException;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The development sign-in: anyone names a role and an id and gets a token for them, signed with
 * the development secret like `./promo token`. It exists only when
 * {@code promo.gateway.dev-sign-in.enabled} is on; otherwise the path is 404 like any unknown one.
 * In production people bring a token from the organisation's identity provider (OIDC) and paste it.
 */
@RestController
@ConditionalOnProperty(name = "promo.gateway.dev-sign-in.enabled", havingValue = "true")
class DevSignIn {

	static final String PATH = "/console/sign-in/dev";

	/** People's roles; SERVICE is for services, which sign their own tokens. */
	private static final Set<String> ROLES = Set.of(Role.OPS.name(), Role.MERCHANT.name(), Role.CONSUMER.name());

	record SignInRequest(List<String> roles, String sub) {
	}

	record SignInResponse(String token, Instant expiresAt) {
	}

	private final JwtEncoder encoder;

	private final DevSignInProperties properties;

	private final Clock clock = Clock.systemUTC();

	DevSignIn(PromoSecurityProperties security, DevSignInProperties properties) {
		if (security.jwtSecret() == null) {
			throw new IllegalStateException("promo.gateway.dev-sign-in.enabled needs promo.security.jwt-secret "
					+ "(PROMO_JWT_SECRET): the services verify development tokens with it");
		}
		byte[] secret = security.jwtSecret().getBytes(StandardCharsets.UTF_8);
		this.encoder = new NimbusJwtEncoder(new ImmutableSecret<>(new SecretKeySpec(secret, "HmacSHA256")));
		this.properties = properties;
	}

	@PostMapping(PATH)
	SignInResponse signIn(@RequestBody SignInRequest request) {
		check(request);
		// a token's times are whole seconds: the answer's expiresAt is the token's own
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
		Instant expiresAt = now.plus(this.properties.tokenLifetime());
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.subject(request.sub())
			.claim("roles", List.copyOf(request.roles()))
			.issuedAt(now)
			.expiresAt(expiresAt)
			.build();
		String token = this.encoder
			.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
			.getTokenValue();
		return new SignInResponse(token, expiresAt);
	}

	private static void check(SignInRequest request) {
		List<FieldViolation> violations = new ArrayList<>();
		if (request.roles() == null || request.roles().isEmpty()) {
			violations.add(new FieldViolation("roles", "must name at least one of OPS, MERCHANT, CONSUMER"));
		}
		else {
			for (int i = 0; i < request.roles().size(); i++) {
				if (!ROLES.contains(request.roles().get(i))) {
					violations.add(new FieldViolation("roles[" + i + "]", "must be one of OPS, MERCHANT, CONSUMER"));
				}
			}
		}
		if (request.sub() == null || !request.sub().matches("[0-9]{1,18}")) {
			violations.add(new FieldViolation("sub", "must be an id of 1-18 digits"));
		}
		if (!violations.isEmpty()) {
			throw new ProblemException(ProblemCode.VALIDATION_FAILED, "invalid sign-in", violations);
		}
	}

}
