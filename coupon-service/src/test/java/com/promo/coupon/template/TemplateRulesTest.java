package com.promo.coupon.template;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import com.promo.contracts.activity.ActivityKind;
import com.promo.contracts.activity.ActivityStatus;
import com.promo.contracts.activity.CouponType;
import com.promo.contracts.coupon.Audience;
import com.promo.contracts.coupon.Deduction;
import com.promo.contracts.coupon.Validity;
import com.promo.coupon.activity.ActivityView;
import com.promo.web.FieldViolation;
import org.junit.jupiter.api.Test;

import static com.promo.coupon.template.TemplateFixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

class TemplateRulesTest {

	static final ActivityView ACTIVITY = TemplateFixtures.runningActivity();

	static final long MERCHANT = 42;

	private static List<String> fields(TemplateContent content) {
		return fields(content, ACTIVITY);
	}

	private static List<String> fields(TemplateContent content, ActivityView activity) {
		return TemplateRules.violations(content, activity, MERCHANT).stream().map(FieldViolation::field).toList();
	}

	private static TemplateContent of(CouponType type, Long amountOff, Integer percentOff, Long maxDiscount,
			Integer freeDays, Long specialPrice) {
		return new TemplateContent("310000", type, "t", amountOff, percentOff, maxDiscount, freeDays, specialPrice, 0,
				Deduction.FIRST_MONTH, 100, 1, Validity.floating(7), Audience.all());
	}

	@Test
	void aValidTemplateOfEachTypePasses() {
		assertThat(fields(of(CouponType.AMOUNT_OFF, 1000L, null, null, null, null))).isEmpty();
		assertThat(fields(of(CouponType.PERCENT_OFF, null, 15, null, null, null))).isEmpty();
		assertThat(fields(of(CouponType.PERCENT_OFF, null, 15, 2000L, null, null))).isEmpty();
		assertThat(fields(of(CouponType.FREE_DAYS, null, null, null, 7, null))).isEmpty();
		assertThat(fields(of(CouponType.DEPOSIT_FREE, null, null, null, null, null))).isEmpty();
	}

	@Test
	void eachTypeNeedsItsOwnValueFieldAndNoOther() {
		assertThat(fields(of(CouponType.AMOUNT_OFF, null, null, null, null, null))).containsExactly("amountOff");
		assertThat(fields(of(CouponType.AMOUNT_OFF, 1000L, 10, null, null, null))).containsExactly("percentOff");
		assertThat(fields(of(CouponType.PERCENT_OFF, null, 0, null, null, null))).containsExactly("percentOff");
		assertThat(fields(of(CouponType.PERCENT_OFF, null, 100, null, null, null))).containsExactly("percentOff");
		assertThat(fields(of(CouponType.FREE_DAYS, null, null, null, 0, null))).containsExactly("freeDays");
		assertThat(fields(of(CouponType.DEPOSIT_FREE, 1000L, null, null, null, null))).containsExactly("amountOff");
		assertThat(fields(of(CouponType.AMOUNT_OFF, 1000L, null, 500L, null, null))).containsExactly("maxDiscount");
	}

	@Test
	void moneyValuesLieWithinTheActivitysLimits() {
		assertThat(fields(of(CouponType.AMOUNT_OFF, 499L, null, null, null, null))).containsExactly("amountOff");
		assertThat(fields(of(CouponType.AMOUNT_OFF, 50001L, null, null, null, null))).containsExactly("amountOff");
		assertThat(fields(of(CouponType.AMOUNT_OFF, 500L, null, null, null, null))).isEmpty();
		assertThat(fields(of(CouponType.AMOUNT_OFF, -5L, null, null, null, null))).containsExactly("amountOff");
		assertThat(fields(of(CouponType.PERCENT_OFF, null, 10, 60000L, null, null))).containsExactly("maxDiscount");
	}

	@Test
	void cityAndTypeMustBeTheActivitys() {
		TemplateContent base = of(CouponType.AMOUNT_OFF, 1000L, null, null, null, null);
		TemplateContent otherCity = new TemplateContent("999999", base.type(), base.title(), base.amountOff(), null, null,
				null, null, 0, base.deduction(), 100, 1, base.validity(), base.audience());
		assertThat(fields(otherCity)).containsExactly("cityId");
		assertThat(fields(of(CouponType.SPECIAL_PRICE, null, null, null, null, 1000L))).containsExactly("type");
	}

	@Test
	void aFlashSaleTakesSpecialPriceOnly() {
		ActivityView flashSale = TemplateFixtures.activity(ActivityKind.FLASH_SALE,
				Set.of(CouponType.SPECIAL_PRICE, CouponType.AMOUNT_OFF), ActivityStatus.RUNNING, NOW, NOW.plusSeconds(60));
		assertThat(fields(of(CouponType.AMOUNT_OFF, 1000L, null, null, null, null), flashSale)).containsExactly("type");
		assertThat(fields(of(CouponType.SPECIAL_PRICE, null, null, null, null, 1000L), flashSale)).isEmpty();
	}

	@Test
	void anUnknownActivityIsNamed() {
		assertThat(fields(of(CouponType.AMOUNT_OFF, 1000L, null, null, null, null), null)).containsExactly("activityId");
	}

	@Test
	void stockLimitsThresholdAndTitleAreInRange() {
		TemplateContent c = of(CouponType.AMOUNT_OFF, 1000L, null, null, null, null);
		assertThat(fields(new TemplateContent(c.cityId(), c.type(), "", c.amountOff(), null, null, null, null, 0,
				c.deduction(), 100, 1, c.validity(), c.audience()))).containsExactly("title");
		assertThat(fields(new TemplateContent(c.cityId(), c.type(), "t", c.amountOff(), null, null, null, null, -1,
				c.deduction(), 100, 1, c.validity(), c.audience()))).containsExactly("thresholdAmount");
		assertThat(fields(new TemplateContent(c.cityId(), c.type(), "t", c.amountOff(), null, null, null, null, 0,
				c.deduction(), 0, 1, c.validity(), c.audience()))).contains("totalStock");
		assertThat(fields(new TemplateContent(c.cityId(), c.type(), "t", c.amountOff(), null, null, null, null, 0,
				c.deduction(), 5, 6, c.validity(), c.audience()))).containsExactly("perUserLimit");
		assertThat(fields(new TemplateContent(c.cityId(), c.type(), "t", c.amountOff(), null, null, null, null, 0,
				c.deduction(), 100, 0, c.validity(), c.audience()))).containsExactly("perUserLimit");
	}

	@Test
	void validityIsFixedWithAnOrderedWindowOrFloatingWithDays() {
		Instant later = NOW.plusSeconds(3600);
		assertThat(fields(TemplateFixtures.withValidity(Validity.fixed(NOW, later)))).isEmpty();
		assertThat(fields(TemplateFixtures.withValidity(Validity.fixed(later, NOW)))).containsExactly("validity.endTime");
		assertThat(fields(TemplateFixtures.withValidity(Validity.fixed(NOW, null)))).containsExactly("validity.endTime");
		assertThat(fields(TemplateFixtures.withValidity(Validity.floating(0)))).containsExactly("validity.days");
		assertThat(fields(TemplateFixtures.withValidity(new Validity(Validity.Type.FLOATING, NOW, null, 3))))
			.containsExactly("validity.startTime");
		assertThat(fields(TemplateFixtures.withValidity(null))).containsExactly("validity.type");
	}

	@Test
	void aCrowdAudienceIsOneOfTheMerchantsOwnCrowds() {
		TemplateContent c = of(CouponType.AMOUNT_OFF, 1000L, null, null, null, null);
		for (String crowd : List.of("42_all_fans", "42_old_fans", "42_buy_fans")) {
			assertThat(fields(new TemplateContent(c.cityId(), c.type(), "t", c.amountOff(), null, null, null, null, 0,
					c.deduction(), 100, 1, c.validity(), new Audience(Audience.Type.CROWD, crowd)))).isEmpty();
		}
		for (String crowd : new String[] { "43_all_fans", "42_best_fans", null }) {
			assertThat(fields(new TemplateContent(c.cityId(), c.type(), "t", c.amountOff(), null, null, null, null, 0,
					c.deduction(), 100, 1, c.validity(), new Audience(Audience.Type.CROWD, crowd))))
				.containsExactly("audience.crowdId");
		}
	}

}
