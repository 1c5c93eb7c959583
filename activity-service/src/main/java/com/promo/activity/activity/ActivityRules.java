package com.promo.activity.activity;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.promo.contracts.activity.ActivityKind;
import com.promo.contracts.activity.CouponType;
import com.promo.web.FieldViolation;
import com.promo.web.ProblemCode;
import com.promo.web.ProblemException;

/**
 * The rules an activity's content obeys (API.md): title 1-256 characters, at least one city and one
 * coupon type, {@code 0 <= valueLowerLimit <= valueUpperLimit}, and
 * {@code applyStart < applyEnd <= activityStart < activityEnd}. A FLASH_SALE activity offers
 * SPECIAL_PRICE only, the one type its templates may have.
 */
public final class ActivityRules {

	static final int MAX_TITLE = 256;

	static final int MAX_DESCRIPTION = 4000;

	static final long MAX_MONEY = 1_000_000_000_00L;

	private static final Pattern CITY_ID = Pattern.compile("[0-9]{1,12}");

	private ActivityRules() {
	}

	public static List<FieldViolation> violations(ActivityDraft draft) {
		List<FieldViolation> violations = new ArrayList<>();
		if (draft.title() == null || draft.title().isBlank() || draft.title().length() > MAX_TITLE) {
			violations.add(new FieldViolation("title", "must be 1-" + MAX_TITLE + " characters"));
		}
		if (draft.description() != null && draft.description().length() > MAX_DESCRIPTION) {
			violations.add(new FieldViolation("description", "must be at most " + MAX_DESCRIPTION + " characters"));
		}
		if (draft.kind() == null) {
			violations.add(new FieldViolation("kind", "is required"));
		}
		if (draft.cityIds().isEmpty()) {
			violations.add(new FieldViolation("cityIds", "must name at least one city"));
		}
		else if (!draft.cityIds().stream().allMatch(city -> city != null && CITY_ID.matcher(city).matches())) {
			violations.add(new FieldViolation("cityIds", "must be city ids of 1-12 digits"));
		}
		if (draft.couponTypes().isEmpty()) {
			violations.add(new FieldViolation("couponTypes", "must name at least one coupon type"));
		}
		else if (draft.kind() == ActivityKind.FLASH_SALE && !draft.couponTypes().equals(java.util.Set.of(CouponType.SPECIAL_PRICE))) {
			violations.add(new FieldViolation("couponTypes", "a FLASH_SALE activity offers SPECIAL_PRICE only"));
		}
		if (draft.valueLowerLimit() == null) {
			violations.add(new FieldViolation("valueLowerLimit", "is required"));
		}
		else if (draft.valueLowerLimit() < 0 || draft.valueLowerLimit() > MAX_MONEY) {
			violations.add(new FieldViolation("valueLowerLimit", "must be between 0 and " + MAX_MONEY));
		}
		if (draft.valueUpperLimit() == null) {
			violations.add(new FieldViolation("valueUpperLimit", "is required"));
		}
		else if (draft.valueUpperLimit() > MAX_MONEY
				|| draft.valueLowerLimit() != null && draft.valueUpperLimit() < draft.valueLowerLimit()) {
			violations.add(new FieldViolation("valueUpperLimit",
					"must be at least valueLowerLimit and at most " + MAX_MONEY));
		}
		windowViolations(draft, violations);
		return violations;
	}

	private static void windowViolations(ActivityDraft draft, List<FieldViolation> violations) {
		int before = violations.size();
		requirePresent(draft.applyStartTime(), "applyStartTime", violations);
		requirePresent(draft.applyEndTime(), "applyEndTime", violations);
		requirePresent(draft.activityStartTime(), "activityStartTime", violations);
		requirePresent(draft.activityEndTime(), "activityEndTime", violations);
		if (violations.size() > before) {
			return;
		}
		if (!draft.applyStartTime().isBefore(draft.applyEndTime())) {
			violations.add(new FieldViolation("applyEndTime", "must be after applyStartTime"));
		}
		if (draft.applyEndTime().isAfter(draft.activityStartTime())) {
			violations.add(new FieldViolation("activityStartTime", "must not be before applyEndTime"));
		}
		if (!draft.activityStartTime().isBefore(draft.activityEndTime())) {
			violations.add(new FieldViolation("activityEndTime", "must be after activityStartTime"));
		}
	}

	private static void requirePresent(Object value, String field, List<FieldViolation> violations) {
		if (value == null) {
			violations.add(new FieldViolation(field, "is required"));
		}
	}

	/** Throws a 400 naming every broken rule. */
	public static void check(ActivityDraft draft) {
		List<FieldViolation> violations = violations(draft);
		if (!violations.isEmpty()) {
			throw new ProblemException(ProblemCode.VALIDATION_FAILED,
					violations.stream().map(v -> v.field() + ": " + v.message()).reduce((a, b) -> a + "; " + b).orElse(""),
					violations);
		}
	}

}
