package com.promo.coupon.binding;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.promo.contracts.item.PriceUnit;
import com.promo.coupon.CouponProperties;
import com.promo.coupon.activity.ActivityView;
import com.promo.coupon.activity.ActivityViews;
import com.promo.coupon.listing.ListingView;
import com.promo.coupon.listing.ListingViews;
import com.promo.coupon.template.CouponTemplate;
import com.promo.coupon.template.CouponValue;
import com.promo.coupon.template.TemplateRequests.TemplateResponse;
import com.promo.coupon.template.TemplateService;
import com.promo.web.PageQuery;
import com.promo.web.PageResponse;

import org.springframework.stereotype.Component;

/**
 * The consumers' reads of listings and their coupons, served from a short-lived in-memory cache
 * ({@code promo.coupon.listing-cache-ttl}). Bindings made in this instance and every template event
 * evict it; whether a coupon is claimable is decided at each read from the clock.
 */
@Component
public class ListingCatalog {

	public record DiscountedListing(String listingId, String title, String cityId, long listPrice, PriceUnit priceUnit,
			long deposit, TemplateResponse bestCoupon, long estimatedDiscount) {
	}

	record DiscountedQuery(String cityId, Long activityId, int page, int size) {
	}

	private record Bound(CouponTemplate template, ActivityView activity) {
	}

	private final ListingQueries queries;

	private final ActivityViews activities;

	private final ListingViews listings;

	private final TemplateService templates;

	private final Cache<Long, List<Bound>> byListing;

	private final Cache<DiscountedQuery, PageResponse<DiscountedListing>> discounted;

	ListingCatalog(ListingQueries queries, ActivityViews activities, ListingViews listings, TemplateService templates,
			CouponProperties properties) {
		this.queries = queries;
		this.activities = activities;
		this.listings = listings;
		this.templates = templates;
		this.byListing = Caffeine.newBuilder().expireAfterWrite(properties.listingCacheTtl()).maximumSize(100_000).build();
		this.discounted = Caffeine.newBuilder().expireAfterWrite(properties.listingCacheTtl()).maximumSize(10_000).build();
	}

	/** The coupons a consumer can claim on a listing now. */
	List<TemplateResponse> claimableCoupons(long listingId) {
		Instant now = this.templates.now();
		return this.byListing.get(listingId, id -> load(Set.of(id)).get(id))
			.stream()
			.filter(b -> b.template().claimableAt(b.activity(), now))
			.map(b -> TemplateResponse.of(b.template(), b.activity(), now))
			.toList();
	}

	PageResponse<DiscountedListing> discountedListings(String cityId, Long activityId, PageQuery page) {
		return this.discounted.get(new DiscountedQuery(cityId, activityId, page.page(), page.size()),
				query -> queryDiscounted(cityId, activityId, page));
	}

	public void evictAll() {
		this.byListing.invalidateAll();
		this.discounted.invalidateAll();
	}

	private PageResponse<DiscountedListing> queryDiscounted(String cityId, Long activityId, PageQuery page) {
		Instant now = this.templates.now();
		ListingQueries.Page found = this.queries.discountedListings(cityId, activityId, page, now);
		Map<Long, List<Bound>> bound = load(found.listingIds());
		Map<Long, ListingView> views = this.listings.findAll(found.listingIds());
		List<DiscountedListing> items = found.listingIds()
			.stream()
			.map(id -> best(views.get(id), bound.get(id), activityId, now))
			.flatMap(Optional::stream)
			.toList();
		return new PageResponse<>(items, page.page(), page.size(), found.total());
	}

	private Optional<DiscountedListing> best(ListingView listing, List<Bound> bound, Long activityId, Instant now) {
		if (listing == null) {
			return Optional.empty();
		}
		return bound.stream()
			.filter(b -> b.template().claimableAt(b.activity(), now))
			.filter(b -> activityId == null || b.template().activityId() == activityId)
			.max(Comparator.<Bound>comparingLong(b -> CouponValue.estimate(b.template().content(), listing))
				.thenComparing(b -> -b.template().id()))
			.map(b -> new DiscountedListing(String.valueOf(listing.listingId()), listing.title(), listing.cityId(),
					listing.listPrice(), listing.priceUnit(), listing.deposit(),
					TemplateResponse.of(b.template(), b.activity(), now),
					CouponValue.estimate(b.template().content(), listing)));
	}

	private Map<Long, List<Bound>> load(java.util.Collection<Long> listingIds) {
		Map<Long, List<CouponTemplate>> templatesByListing = this.queries.enabledTemplatesOf(listingIds);
		Set<Long> activityIds = templatesByListing.values()
			.stream()
			.flatMap(List::stream)
			.map(CouponTemplate::activityId)
			.collect(Collectors.toSet());
		Map<Long, ActivityView> activityViews = this.activities.findAll(activityIds);
		return templatesByListing.entrySet()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue()
				.stream()
				.map(t -> new Bound(t, activityViews.get(t.activityId())))
				.filter(b -> Objects.nonNull(b.activity()))
				.toList()));
	}

}
