package com.promo.coupon.template;

import com.promo.contracts.activity.CouponType;
import com.promo.contracts.coupon.Audience;
import com.promo.contracts.coupon.Deduction;
import com.promo.contracts.coupon.Validity;
import com.promo.contracts.item.PriceUnit;
import com.promo.coupon.listing.ListingView;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CouponValueTest {

	static final ListingView MONTHLY = new ListingView(1, 2, "310000", "flat", 300000, PriceUnit.MONTHLY, 600000, 1);

	static final ListingView ONE_TIME = new ListingView(1, 2, "310000", "bike", 9000, PriceUnit.ONE_TIME, 0, 1);

	private static TemplateContent coupon(CouponType type, Long amountOff, Integer percentOff, Long maxDiscount,
			Integer freeDays, Long specialPrice, long threshold) {
		return new TemplateContent("310000", type, "t", amountOff, percentOff, maxDiscount, freeDays, specialPrice,
				threshold, Deduction.FIRST_MONTH, 10, 1, Validity.floating(3), Audience.all());
	}

	@Test
	void amountOffCountsOnlyWhenTheThresholdIsMetAndNeverExceedsThePrice() {
		assertThat(CouponValue.estimate(coupon(CouponType.AMOUNT_OFF, 30000L, null, null, null, null, 300000), MONTHLY))
			.isEqualTo(30000);
		assertThat(CouponValue.estimate(coupon(CouponType.AMOUNT_OFF, 30000L, null, null, null, null, 300001), MONTHLY))
			.isZero();
		assertThat(CouponValue.estimate(coupon(CouponType.AMOUNT_OFF, 30000L, null, null, null, null, 0), ONE_TIME))
			.isEqualTo(9000);
	}

	@Test
	void percentOffIsCappedByMaxDiscount() {
		assertThat(CouponValue.estimate(coupon(CouponType.PERCENT_OFF, null, 10, null, null, null, 0), MONTHLY))
			.isEqualTo(30000);
		assertThat(CouponValue.estimate(coupon(CouponType.PERCENT_OFF, null, 10, 20000L, null, null, 0), MONTHLY))
			.isEqualTo(20000);
	}

	@Test
	void freeDaysAreWorthDaysOfRentAndNothingOnAOneTimePrice() {
		assertThat(CouponValue.estimate(coupon(CouponType.FREE_DAYS, null, null, null, 7, null, 0), MONTHLY))
			.isEqualTo(300000L * 7 / 30);
		assertThat(CouponValue.estimate(coupon(CouponType.FREE_DAYS, null, null, null, 7, null, 0), ONE_TIME)).isZero();
	}

	@Test
	void depositWaiverAndSpecialPrice() {
		assertThat(CouponValue.estimate(coupon(CouponType.DEPOSIT_FREE, null, null, null, null, null, 0), MONTHLY))
			.isEqualTo(600000);
		assertThat(CouponValue.estimate(coupon(CouponType.SPECIAL_PRICE, null, null, null, null, 100000L, 0), MONTHLY))
			.isEqualTo(200000);
		assertThat(CouponValue.estimate(coupon(CouponType.SPECIAL_PRICE, null, null, null, null, 9999L, 0), ONE_TIME))
			.isZero();
	}

}
