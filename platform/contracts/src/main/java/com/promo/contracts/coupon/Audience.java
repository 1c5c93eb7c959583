package com.promo.contracts.coupon;

/** Who may claim: everyone, or the members of one crowd ({@code <sellerId>_all_fans} ...). */
public record Audience(Type type, String crowdId) {

	public enum Type {

		ALL, CROWD

	}

	public static Audience all() {
		return new Audience(Type.ALL, null);
	}

}
