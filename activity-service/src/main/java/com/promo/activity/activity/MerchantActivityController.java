package com.promo.activity.activity;

import com.promo.activity.activity.ActivityRequests.ActivityResponse;
import com.promo.contracts.activity.ActivityStatus;
import com.promo.web.PageQuery;
import com.promo.web.PageResponse;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Merchants browse the activities they may sign up to: every one but DRAFTs. */
@RestController
@RequestMapping("/merchant/activities")
class MerchantActivityController {

	private final ActivityService activities;

	MerchantActivityController(ActivityService activities) {
		this.activities = activities;
	}

	@GetMapping
	PageResponse<ActivityResponse> list(@RequestParam(required = false) String cityId,
			@RequestParam(required = false) ActivityStatus status, @RequestParam(required = false) Integer page,
			@RequestParam(required = false) Integer size) {
		return this.activities.search(new ActivityFilter(status, cityId, null, true), PageQuery.of(page, size))
			.map(activity -> ActivityResponse.of(activity, this.activities.now()));
	}

}
