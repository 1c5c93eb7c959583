package com.promo.coupon.binding;

import java.util.List;

import com.promo.coupon.binding.ListingCatalog.DiscountedListing;
import com.promo.coupon.template.TemplateRequests.TemplateResponse;
import com.promo.web.PageQuery;
import com.promo.web.PageResponse;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Public reads for consumers: a listing's claimable coupons, and the discounted listings. */
@RestController
class ListingCouponsController {

	record Coupons(List<TemplateResponse> items) {
	}

	private final ListingCatalog catalog;

	ListingCouponsController(ListingCatalog catalog) {
		this.catalog = catalog;
	}

	@GetMapping("/api/listings/{listingId}/coupons")
	Coupons coupons(@PathVariable long listingId) {
		return new Coupons(this.catalog.claimableCoupons(listingId));
	}

	@GetMapping("/api/listings/discounted")
	PageResponse<DiscountedListing> discounted(@RequestParam(required = false) String cityId,
			@RequestParam(required = false) Long activityId, @RequestParam(required = false) Integer page,
			@RequestParam(required = false) Integer size) {
		return this.catalog.discountedListings(cityId, activityId, PageQuery.of(page, size));
	}

}
