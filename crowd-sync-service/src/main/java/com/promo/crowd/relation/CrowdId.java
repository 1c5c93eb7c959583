package com.promo.crowd.relation;

import java.util.Optional;

import com.promo.crowd.Ids;

/** A parsed crowd id such as {@code 1001_old_fans}. */
public record CrowdId(long sellerId, CrowdType type) {

	/** The crowd id's parts, or empty when the text is not {@code <digits>_all_fans|old_fans|buy_fans}. */
	public static Optional<CrowdId> parse(String text) {
		if (text == null) {
			return Optional.empty();
		}
		int separator = text.indexOf('_');
		if (separator < 0) {
			return Optional.empty();
		}
		Long seller = Ids.parse(text.substring(0, separator));
		CrowdType type = CrowdType.ofSuffix(text.substring(separator + 1));
		return (seller != null && type != null) ? Optional.of(new CrowdId(seller, type)) : Optional.empty();
	}

	@Override
	public String toString() {
		return this.type.crowdId(this.sellerId);
	}

}
