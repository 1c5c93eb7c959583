package com.promo.claim.flashsale;

/**
 * The human check before an entry token (a captcha verifier, say). Asked only with
 * {@code promo.flash-sale.human-check=true}; the default accepts everyone. A verifier is plugged in
 * by declaring one bean of this type ({@link EntryTokens} falls back to {@link #NONE} without one).
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
