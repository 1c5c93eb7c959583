package com.promo.coupon.signup;

import java.time.Clock;
import java.time.Instant;

import com.promo.contracts.activity.ActivityStatus;
import com.promo.coupon.activity.ActivityView;
import com.promo.coupon.activity.ActivityViews;
import com.promo.web.PageQuery;
import com.promo.web.PageResponse;
import com.promo.web.ProblemCode;
import com.promo.web.ProblemException;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Merchants sign up to an activity only while its sign-up window is open by the clock (422
 * otherwise), never to one they cannot see (404: unknown or unpublished), and only once (409).
 */
@Service
public class SignupService {

	public record Signup(long activityId, long merchantId, Instant createdAt) {
	}

	private final ActivityViews activities;

	private final Signups signups;

	private final Clock clock;

	SignupService(ActivityViews activities, Signups signups, Clock clock) {
		this.activities = activities;
		this.signups = signups;
		this.clock = clock;
	}

	@Transactional
	public Signup signUp(long merchantId, long activityId) {
		Instant now = this.clock.instant();
		ActivityView activity = this.activities.find(activityId)
			.orElseThrow(() -> ProblemException.notFound("activity " + activityId));
		ActivityStatus status = activity.statusAt(now);
		if (status != ActivityStatus.SIGNUP_OPEN) {
			throw new ProblemException(ProblemCode.INVALID_STATE, "sign-up is not open; the activity is " + status);
		}
		if (!this.signups.insert(activityId, merchantId, now)) {
			throw new ProblemException(ProblemCode.CONFLICT, "you have already signed up to activity " + activityId);
		}
		return new Signup(activityId, merchantId, now);
	}

	/** The merchant's own sign-ups, the newest first. */
	@Transactional(readOnly = true)
	public PageResponse<Signup> signupsOf(long merchantId, PageQuery page) {
		return this.signups.findByMerchant(merchantId, page);
	}

	public boolean hasSignedUp(long merchantId, long activityId) {
		return this.signups.exists(activityId, merchantId);
	}

}
