package com.promo.pricing.quote;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.promo.contracts.activity.CouponType;
import com.promo.contracts.coupon.Deduction;
import com.promo.contracts.item.PriceUnit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every coupon type's arithmetic; divisions round down to the minor unit. */
class CouponMathTest {

	static final String SELLER = "7";

	static WalletCoupon coupon(CouponType type, Long amountOff, Integer percentOff, Long maxDiscount, Integer freeDays,
			Long specialPrice, long threshold, Deduction deduction) {
		return new WalletCoupon("1", "2", "UNUSED", Instant.EPOCH, Instant.MAX, SELLER, type, amountOff, percentOff,
				maxDiscount, freeDays, specialPrice, threshold, deduction);
	}

	static QuoteLine monthly(long unitPrice, int quantity, long deposit) {
		return new QuoteLine(10, 7, quantity, unitPrice, unitPrice, null, PriceUnit.MONTHLY, deposit);
	}

	static QuoteLine oneTime(long unitPrice, int quantity) {
		return new QuoteLine(11, 7, quantity, unitPrice, unitPrice, null, PriceUnit.ONE_TIME, 0);
	}

	static Optional<CouponMath.Effect> apply(WalletCoupon coupon, int leaseMonths, QuoteLine... lines) {
		return CouponMath.apply(coupon, List.of(lines), leaseMonths);
	}

	@Test
	void amountOffTakesItsAmountOnceTheThresholdIsReached() {
		WalletCoupon c = coupon(CouponType.AMOUNT_OFF, 30000L, null, null, null, null, 300000, Deduction.FIRST_MONTH);

		assertThat(apply(c, 12, monthly(300000, 1, 0))).contains(new CouponMath.Effect(30000, 30000, null, 0));
		assertThat(apply(c, 12, monthly(299999, 1, 0))).as("below the threshold").isEmpty();
		assertThat(apply(coupon(CouponType.AMOUNT_OFF, 5000L, null, null, null, null, 0, Deduction.FIRST_MONTH), 1,
				oneTime(3000, 1))).as("never more than the lines").contains(new CouponMath.Effect(3000, 3000, null, 0));
	}

	@Test
	void amountOffSpreadMonthlyTakesOneShareOfTheLeasePerMonthRoundedDown() {
		WalletCoupon c = coupon(CouponType.AMOUNT_OFF, 30000L, null, null, null, null, 0, Deduction.SPREAD_MONTHLY);

		assertThat(apply(c, 12, monthly(300000, 1, 0))).contains(new CouponMath.Effect(30000, 2500, 2500L, 0));
		assertThat(apply(c, 7, monthly(300000, 1, 0))).as("30000 / 7 = 4285.71 → 4285")
			.contains(new CouponMath.Effect(30000, 4285, 4285L, 0));
		assertThat(apply(c, 12, oneTime(300000, 1))).as("a one-time price is not spread")
			.contains(new CouponMath.Effect(30000, 30000, null, 0));
	}

	@Test
	void percentOffTakesThePercentageRoundedDownAndCappedByMaxDiscount() {
		WalletCoupon uncapped = coupon(CouponType.PERCENT_OFF, null, 15, null, null, null, 0, Deduction.FIRST_MONTH);
		WalletCoupon capped = coupon(CouponType.PERCENT_OFF, null, 15, 1000L, null, null, 0, Deduction.FIRST_MONTH);

		assertThat(apply(uncapped, 1, oneTime(1999, 1))).as("15% of 1999 = 299.85 → 299")
			.contains(new CouponMath.Effect(299, 299, null, 0));
		assertThat(apply(uncapped, 1, oneTime(10000, 2))).contains(new CouponMath.Effect(3000, 3000, null, 0));
		assertThat(apply(capped, 1, oneTime(10000, 2))).contains(new CouponMath.Effect(1000, 1000, null, 0));
		assertThat(apply(coupon(CouponType.PERCENT_OFF, null, 15, null, null, null, 20001, Deduction.FIRST_MONTH), 1,
				oneTime(10000, 2))).as("below the threshold").isEmpty();
	}

	@Test
	void freeDaysTakeTheirShareOfTheMonthlyRentFromTheFirstMonth() {
		WalletCoupon c = coupon(CouponType.FREE_DAYS, null, null, null, 7, null, 0, Deduction.FIRST_MONTH);

		assertThat(apply(c, 12, monthly(300000, 1, 0))).as("300000 x 7 / 30 = 70000")
			.contains(new CouponMath.Effect(70000, 70000, null, 0));
		assertThat(apply(c, 12, monthly(1000, 1, 0))).as("1000 x 7 / 30 = 233.33 → 233")
			.contains(new CouponMath.Effect(233, 233, null, 0));
		assertThat(apply(coupon(CouponType.FREE_DAYS, null, null, null, 45, null, 0, Deduction.FIRST_MONTH), 12,
				monthly(3000, 1, 0))).as("at most the first month's rent").contains(new CouponMath.Effect(3000, 3000, null, 0));
		assertThat(apply(c, 12, oneTime(300000, 1))).as("no rent, no free days").isEmpty();
	}

	@Test
	void freeDaysSpreadMonthlyShareTheirValueOverTheLease() {
		WalletCoupon c = coupon(CouponType.FREE_DAYS, null, null, null, 10, null, 0, Deduction.SPREAD_MONTHLY);

		assertThat(apply(c, 12, monthly(300000, 1, 0))).as("100000 over 12 months = 8333.33 → 8333")
			.contains(new CouponMath.Effect(100000, 8333, 8333L, 0));
	}

	@Test
	void depositFreeWaivesTheDepositAndTakesNothingOffThePrice() {
		WalletCoupon c = coupon(CouponType.DEPOSIT_FREE, null, null, null, null, null, 0, Deduction.FIRST_MONTH);

		assertThat(apply(c, 12, monthly(300000, 2, 50000))).contains(new CouponMath.Effect(0, 0, null, 100000));
		assertThat(apply(c, 12, monthly(300000, 1, 0))).as("no deposit to waive").isEmpty();
		assertThat(apply(c, 12, monthly(300000, 2, 50000)).orElseThrow().worth()).isEqualTo(100000);
	}

	@Test
	void specialPriceSetsEachUnitsPriceWhenItIsLower() {
		WalletCoupon c = coupon(CouponType.SPECIAL_PRICE, null, null, null, null, 9900L, 0, Deduction.FIRST_MONTH);

		assertThat(apply(c, 1, oneTime(12900, 3))).as("(12900 - 9900) x 3")
			.contains(new CouponMath.Effect(9000, 9000, null, 0));
		assertThat(apply(c, 1, oneTime(9000, 1))).as("already cheaper").isEmpty();
	}

	@Test
	void aCouponAppliesOnlyToItsMerchantsLines() {
		WalletCoupon c = coupon(CouponType.PERCENT_OFF, null, 10, null, null, null, 15000, Deduction.FIRST_MONTH);
		QuoteLine own = oneTime(10000, 1);
		QuoteLine other = new QuoteLine(12, 8, 1, 50000, 50000, null, PriceUnit.ONE_TIME, 0);

		assertThat(apply(c, 1, own, other)).as("the other seller's line counts neither for threshold nor base")
			.isEmpty();
		assertThat(apply(c, 1, own, oneTime(5000, 1), other)).contains(new CouponMath.Effect(1500, 1500, null, 0));
		assertThat(apply(c, 1, other)).isEmpty();
	}

}
