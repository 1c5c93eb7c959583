package com.promo.activity.catalog;

import java.time.Instant;
import java.util.List;

import com.promo.activity.activity.ActivityService;
import com.promo.contracts.activity.ActivityKind;
import com.promo.contracts.activity.ActivityStatus;
import com.promo.contracts.activity.CouponType;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/activities/{id}}: public, served from the catalog caches. */
@RestController
class PublicActivityController {

	record PublicActivityResponse(String id, String title, String description, ActivityKind kind,
			List<String> cityIds, List<CouponType> couponTypes, long valueLowerLimit, long valueUpperLimit,
			Instant applyStartTime, Instant applyEndTime, Instant activityStartTime, Instant activityEndTime,
			ActivityStatus status, long version) {
	}

	private final ActivityCatalog catalog;

	private final ActivityService activities;

	PublicActivityController(ActivityCatalog catalog, ActivityService activities) {
		this.catalog = catalog;
		this.activities = activities;
	}

	@GetMapping("/api/activities/{id}")
	PublicActivityResponse get(@PathVariable long id) {
		PublicActivity a = this.catalog.get(id);
		return new PublicActivityResponse(a.id(), a.title(), a.description(), a.kind(), a.cityIds(), a.couponTypes(),
				a.valueLowerLimit(), a.valueUpperLimit(), a.applyStartTime(), a.applyEndTime(), a.activityStartTime(),
				a.activityEndTime(), a.statusAt(this.activities.now()), a.version());
	}

}
