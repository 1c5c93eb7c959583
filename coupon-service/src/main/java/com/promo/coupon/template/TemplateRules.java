package com.promo.coupon.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.promo.contracts.activity.ActivityKind;
import com.promo.contracts.activity.CouponType;
import com.promo.contracts.coupon.Audience;
import com.promo.contracts.coupon.Validity;
import com.promo.coupon.activity.ActivityView;
import com.promo.web.FieldViolation;

/**
 * The rules of a template's content and its cross-checks against the activity (API.md): the value
 * field its type uses (and no other), money values within the activity's limits, a city and a type
 * the activity allows (SPECIAL_PRICE only in a FLASH_SALE), stock and limits in range, a valid
 * validity, and a crowd audience of the merchant's own fans.
 */
public final class TemplateRules {

	static final int MAX_TITLE = 256;

	static final int MAX_STOCK = 10_000_000;

	static final int MAX_PER_USER = 100;

	static final int MAX_FREE_DAYS = 366;

	static final int MAX_VALIDITY_DAYS = 3650;

	static final long MAX_MONEY = 1_000_000_000_00L;

	private static final Map<CouponType, String> VALUE_FIELD = Map.of(CouponType.AMOUNT_OFF, "amountOff",
			CouponType.PERCENT_OFF, "percentOff", CouponType.FREE_DAYS, "freeDays", CouponType.SPECIAL_PRICE,
			"specialPrice");

	private TemplateRules() {
	}

	/** Every broken rule; {@code activity} is null when the activity is unknown. */
	public static List<FieldViolation> violations(TemplateContent t, ActivityView activity, long merchantId) {
		List<FieldViolation> v = new ArrayList<>();
		if (activity == null) {
			v.add(new FieldViolation("activityId", "is not a published activity"));
		}
		if (t.title() == null || t.title().isBlank() || t.title().length() > MAX_TITLE) {
			v.add(new FieldViolation("title", "must be 1-" + MAX_TITLE + " characters"));
		}
		if (t.cityId() == null) {
			v.add(new FieldViolation("cityId", "is required"));
		}
		else if (activity != null && !activity.cityIds().contains(t.cityId())) {
			v.add(new FieldViolation("cityId", "is not one of the activity's cities " + activity.cityIds()));
		}
		if (t.type() == null) {
			v.add(new FieldViolation("type", "is required"));
		}
		else {
			typeRules(t, activity, v);
		}
		if (t.thresholdAmount() < 0 || t.thresholdAmount() > MAX_MONEY) {
			v.add(new FieldViolation("thresholdAmount", "must be between 0 and " + MAX_MONEY));
		}
		if (t.totalStock() < 1 || t.totalStock() > MAX_STOCK) {
			v.add(new FieldViolation("totalStock", "must be between 1 and " + MAX_STOCK));
		}
		if (t.perUserLimit() < 1 || t.perUserLimit() > MAX_PER_USER || t.perUserLimit() > Math.max(t.totalStock(), 1)) {
			v.add(new FieldViolation("perUserLimit", "must be between 1 and " + MAX_PER_USER + " and at most totalStock"));
		}
		validityRules(t.validity(), v);
		audienceRules(t.audience(), merchantId, v);
		return v;
	}

	private static void typeRules(TemplateContent t, ActivityView activity, List<FieldViolation> v) {
		if (activity != null) {
			if (activity.kind() == ActivityKind.FLASH_SALE && t.type() != CouponType.SPECIAL_PRICE) {
				v.add(new FieldViolation("type", "a FLASH_SALE activity takes SPECIAL_PRICE templates only"));
			}
			else if (!activity.couponTypes().contains(t.type())) {
				v.add(new FieldViolation("type", "is not one of the activity's coupon types " + activity.couponTypes()));
			}
		}
		Map<String, Object> values = new java.util.LinkedHashMap<>();
		values.put("amountOff", t.amountOff());
		values.put("percentOff", t.percentOff());
		values.put("freeDays", t.freeDays());
		values.put("specialPrice", t.specialPrice());
		String used = VALUE_FIELD.get(t.type());
		values.forEach((field, value) -> {
			if (!field.equals(used) && value != null) {
				v.add(new FieldViolation(field, "does not apply to a " + t.type() + " coupon"));
			}
		});
		if (t.maxDiscount() != null && t.type() != CouponType.PERCENT_OFF) {
			v.add(new FieldViolation("maxDiscount", "applies to PERCENT_OFF coupons only"));
		}
		switch (t.type()) {
			case AMOUNT_OFF -> money("amountOff", t.amountOff(), true, activity, v);
			case SPECIAL_PRICE -> money("specialPrice", t.specialPrice(), true, activity, v);
			case PERCENT_OFF -> {
				if (t.percentOff() == null || t.percentOff() < 1 || t.percentOff() > 99) {
					v.add(new FieldViolation("percentOff", "must be a percentage from 1 to 99"));
				}
				money("maxDiscount", t.maxDiscount(), false, activity, v);
			}
			case FREE_DAYS -> {
				if (t.freeDays() == null || t.freeDays() < 1 || t.freeDays() > MAX_FREE_DAYS) {
					v.add(new FieldViolation("freeDays", "must be from 1 to " + MAX_FREE_DAYS));
				}
			}
			case DEPOSIT_FREE -> {
				// no value: the deposit is waived
			}
		}
	}

	/** A money value: positive and within the activity's value limits. */
	private static void money(String field, Long value, boolean required, ActivityView activity,
			List<FieldViolation> v) {
		if (value == null) {
			if (required) {
				v.add(new FieldViolation(field, "is required"));
			}
			return;
		}
		if (value <= 0) {
			v.add(new FieldViolation(field, "must be positive"));
		}
		else if (activity != null && (value < activity.valueLowerLimit() || value > activity.valueUpperLimit())) {
			v.add(new FieldViolation(field, "must lie within the activity's limits " + activity.valueLowerLimit() + "-"
					+ activity.valueUpperLimit()));
		}
	}

	private static void validityRules(Validity validity, List<FieldViolation> v) {
		if (validity == null || validity.type() == null) {
			v.add(new FieldViolation("validity.type", "is required (FIXED or FLOATING)"));
			return;
		}
		if (validity.type() == Validity.Type.FIXED) {
			if (validity.startTime() == null) {
				v.add(new FieldViolation("validity.startTime", "is required for a FIXED validity"));
			}
			if (validity.endTime() == null) {
				v.add(new FieldViolation("validity.endTime", "is required for a FIXED validity"));
			}
			else if (validity.startTime() != null && !validity.startTime().isBefore(validity.endTime())) {
				v.add(new FieldViolation("validity.endTime", "must be after validity.startTime"));
			}
			if (validity.days() != null) {
				v.add(new FieldViolation("validity.days", "applies to a FLOATING validity only"));
			}
		}
		else {
			if (validity.days() == null || validity.days() < 1 || validity.days() > MAX_VALIDITY_DAYS) {
				v.add(new FieldViolation("validity.days", "must be from 1 to " + MAX_VALIDITY_DAYS));
			}
			if (validity.startTime() != null || validity.endTime() != null) {
				v.add(new FieldViolation("validity.startTime", "applies to a FIXED validity only"));
			}
		}
	}

	private static void audienceRules(Audience audience, long merchantId, List<FieldViolation> v) {
		if (audience == null || audience.type() == null) {
			v.add(new FieldViolation("audience.type", "is required (ALL or CROWD)"));
			return;
		}
		if (audience.type() == Audience.Type.CROWD) {
			Pattern ownCrowd = Pattern.compile(merchantId + "_(all|old|buy)_fans");
			if (audience.crowdId() == null || !ownCrowd.matcher(audience.crowdId()).matches()) {
				v.add(new FieldViolation("audience.crowdId",
						"must be one of your crowds: " + merchantId + "_all_fans, _old_fans or _buy_fans"));
			}
		}
		else if (audience.crowdId() != null) {
			v.add(new FieldViolation("audience.crowdId", "applies to a CROWD audience only"));
		}
	}

}
