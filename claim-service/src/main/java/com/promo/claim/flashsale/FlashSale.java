package com.promo.claim.flashsale;

import java.time.Instant;

import com.promo.contracts.activity.ActivityKind;
import com.promo.contracts.activity.CouponType;
import com.promo.contracts.coupon.TemplateSnapshot;
import com.promo.contracts.coupon.TemplateStatus;

/**
 * A flash sale: a SPECIAL_PRICE template of a FLASH_SALE activity, sold at {@code price} (its
 * special price), {@code totalStock} units, at most {@code perUserLimit} per buyer, while the
 * template is ENABLED and the activity runs.
 */
record FlashSale(long templateId, TemplateStatus status, long price, int totalStock, int perUserLimit, Instant start,
		Instant end, long version) {

	static boolean isFlashSale(TemplateSnapshot t) {
		return t.type() == CouponType.SPECIAL_PRICE && t.activityKind() == ActivityKind.FLASH_SALE
				&& t.specialPrice() != null;
	}

	static FlashSale of(TemplateSnapshot t) {
		return new FlashSale(Long.parseLong(t.id()), t.status(), t.specialPrice(), t.totalStock(), t.perUserLimit(),
				t.activityStartTime(), t.activityEndTime(), t.version());
	}

	boolean runningAt(Instant now) {
		return this.status == TemplateStatus.ENABLED && !now.isBefore(this.start) && now.isBefore(this.end);
	}

}
