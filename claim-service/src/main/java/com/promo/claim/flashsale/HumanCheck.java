package com.promo.claim.flashsale;

/**
 * The human check before an entry token (a captcha verifier, say). Asked only with
 * {@code promo.flash-sale.human-check=true}; the default accepts everyone. A verifier is plugged in
 * by declaring a bean of this type.
 */
public interface HumanCheck {

	/** Accepts everyone: the default until a verifier is configured. */
	HumanCheck NONE = (userId, proof) -> true;

	/**
	 * @param proof what the client sent in the {@code X-Human-Check} header (null when absent)
	 * @return whether the caller passed
	 */
	boolean passed(long userId, String proof);

}
