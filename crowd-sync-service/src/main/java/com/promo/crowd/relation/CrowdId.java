package com.promo.crowd.relation;

import java.util.Optional;

/** A parsed crowd id such as {@code 1001_old_fans}. */
public record CrowdId(long sellerId, CrowdType type) {

	/** The crowd id's parts, or empty when the text is not {@code <digits>_all_fans|old_fans|buy_fans}. */
	public static Optional<CrowdId> parse(String text) {
		if (text == null) {
			return Optional.empty();
		}
		int separator = text.indexOf('_');
		if (separator < 1 || separator > 18) {
			return Optional.empty();
		}
		String seller = text.substring(0, separator);
		if (!seller.chars().allMatch(Character::isDigit)) {
			return Optional.empty();
		}
		CrowdType type = CrowdType.ofSuffix(text.substring(separator + 1));
		return (type != null) ? Optional.of(new CrowdId(Long.parseLong(seller), type)) : Optional.empty();
	}

	@Override
	public String toString() {
		return this.type.crowdId(this.sellerId);
	}

}
