package com.promo.pricing.item;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.promo.contracts.item.PriceUnit;
import com.promo.web.FieldViolation;
import com.promo.web.ProblemCode;
import com.promo.web.ProblemException;

/** Request bodies of the merchant's item endpoints, checked field by field (every bad field is named). */
final class ItemRequests {

	/** Money values stay far below what a long holds, so sums and products of a quote cannot overflow. */
	static final long MAX_MONEY = 1_000_000_000_000L;

	private ItemRequests() {
	}

	record ItemRequest(String title, String cityId, Long listPrice, PriceUnit priceUnit, Long deposit) {

		ItemContent toContent() {
			List<FieldViolation> v = new ArrayList<>();
			if (this.title == null || this.title.isBlank() || this.title.length() > 256) {
				v.add(new FieldViolation("title", "must be 1-256 characters"));
			}
			if (this.cityId == null || !this.cityId.matches("[0-9]{1,16}")) {
				v.add(new FieldViolation("cityId", "must be a city id (1-16 digits)"));
			}
			if (this.listPrice == null || this.listPrice <= 0 || this.listPrice > MAX_MONEY) {
				v.add(new FieldViolation("listPrice", "must be a positive amount in minor units, at most " + MAX_MONEY));
			}
			if (this.priceUnit == null) {
				v.add(new FieldViolation("priceUnit", "must be ONE_TIME or MONTHLY"));
			}
			if (this.deposit != null && (this.deposit < 0 || this.deposit > MAX_MONEY)) {
				v.add(new FieldViolation("deposit", "must be 0 or more (minor units), at most " + MAX_MONEY));
			}
			failIfAny(v, "invalid item");
			return new ItemContent(this.title.strip(), this.cityId, this.listPrice, this.priceUnit,
					this.deposit == null ? 0 : this.deposit);
		}

	}

	record FanPriceRequest(Long price, Instant startTime, Instant endTime) {

		ItemService.FanPriceWindow toWindow() {
			List<FieldViolation> v = new ArrayList<>();
			if (this.price == null || this.price <= 0) {
				v.add(new FieldViolation("price", "must be a positive amount in minor units"));
			}
			if (this.startTime != null && this.endTime != null && !this.startTime.isBefore(this.endTime)) {
				v.add(new FieldViolation("endTime", "must be after startTime"));
			}
			failIfAny(v, "invalid fan price");
			return new ItemService.FanPriceWindow(this.price, this.startTime, this.endTime);
		}

	}

	static long itemId(long itemId) {
		if (itemId <= 0) {
			throw ProblemException.invalidField("itemId", "must be a positive item id");
		}
		return itemId;
	}

	private static void failIfAny(List<FieldViolation> violations, String what) {
		if (!violations.isEmpty()) {
			throw new ProblemException(ProblemCode.VALIDATION_FAILED, what, violations);
		}
	}

}
