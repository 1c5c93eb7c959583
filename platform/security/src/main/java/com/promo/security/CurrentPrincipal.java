package com.promo.security;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** The caller's id ({@code sub}): the merchant id for a merchant, the user id for a consumer. */
public final class CurrentPrincipal {

	private CurrentPrincipal() {
	}

	/** The authenticated caller's id, or {@code null} for an anonymous request. */
	public static String idOrNull() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || authentication instanceof AnonymousAuthenticationToken
				|| !authentication.isAuthenticated()) {
			return null;
		}
		return authentication.getName();
	}

	/** The caller's id when it is authenticated with {@code role}, else null (anonymous or another role). */
	public static String idOrNull(Role role) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (idOrNull() == null
				|| authentication.getAuthorities().stream().noneMatch((a) -> role.authority().equals(a.getAuthority()))) {
			return null;
		}
		return authentication.getName();
	}

	/** The authenticated caller's id; only for paths the security rules already restrict. */
	public static String id() {
		String id = idOrNull();
		if (id == null) {
			throw new IllegalStateException("no authenticated principal on a protected path");
		}
		return id;
	}

}
