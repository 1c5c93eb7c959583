package com.promo.coupon.template;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import com.promo.contracts.activity.ActivityStatus;
import com.promo.contracts.coupon.TemplateChanged;
import com.promo.contracts.coupon.TemplateSnapshot;
import com.promo.contracts.coupon.TemplateStatus;
import com.promo.coupon.activity.ActivityView;
import com.promo.web.ProblemCode;
import com.promo.web.ProblemException;

/**
 * A merchant's coupon template. NEW → enable → ENABLED; EXPIRED when a FIXED validity is over,
 * ENDED when the activity ends, TERMINATED by the merchant or with the activity. Like activities,
 * reads report the status the clock implies; the sweeper persists it. Each change raises a
 * {@link TemplateChanged} and bumps the version.
 */
public class CouponTemplate {

	private final long id;

	private final long activityId;

	private final long merchantId;

	private final TemplateContent content;

	private TemplateStatus status;

	private final long claimedCount;

	private final Instant createdAt;

	private Instant updatedAt;

	private long version;

	CouponTemplate(long id, long activityId, long merchantId, TemplateContent content, TemplateStatus status,
			long claimedCount, Instant createdAt, Instant updatedAt, long version) {
		this.id = id;
		this.activityId = activityId;
		this.merchantId = merchantId;
		this.content = content;
		this.status = status;
		this.claimedCount = claimedCount;
		this.createdAt = createdAt;
		this.updatedAt = updatedAt;
		this.version = version;
	}

	/** A new template; the caller has checked the content ({@link TemplateRules}) and the sign-up. */
	static CouponTemplate create(long id, long activityId, long merchantId, TemplateContent content, Instant now) {
		return new CouponTemplate(id, activityId, merchantId, content, TemplateStatus.NEW, 0, now, now, 0);
	}

	TemplateChanged created(ActivityView activity, Instant now) {
		return new TemplateChanged(UUID.randomUUID().toString(), snapshot(activity), now);
	}

	TemplateChanged enable(ActivityView activity, Instant now) {
		TemplateStatus current = statusAt(activity, now);
		if (current != TemplateStatus.NEW) {
			throw new ProblemException(ProblemCode.INVALID_STATE, "only a NEW template can be enabled; it is " + current);
		}
		return step(TemplateStatus.ENABLED, activity, now);
	}

	TemplateChanged terminate(ActivityView activity, Instant now) {
		TemplateStatus current = statusAt(activity, now);
		if (current.isFinal()) {
			throw new ProblemException(ProblemCode.INVALID_STATE, "a " + current + " template cannot be terminated");
		}
		return step(TemplateStatus.TERMINATED, activity, now);
	}

	/** Persists what the clock or the activity implies (EXPIRED, ENDED, TERMINATED), if anything. */
	Optional<TemplateChanged> follow(ActivityView activity, Instant now) {
		TemplateStatus implied = statusAt(activity, now);
		return implied == this.status ? Optional.empty() : Optional.of(step(implied, activity, now));
	}

	private TemplateChanged step(TemplateStatus next, ActivityView activity, Instant now) {
		this.status = next;
		this.updatedAt = now;
		this.version++;
		return new TemplateChanged(UUID.randomUUID().toString(), snapshot(activity), now);
	}

	/**
	 * The status at {@code now}: a final stored status stays; otherwise the activity's termination
	 * or end, then the end of a FIXED validity, take over.
	 */
	public TemplateStatus statusAt(ActivityView activity, Instant now) {
		if (this.status.isFinal()) {
			return this.status;
		}
		ActivityStatus activityStatus = activity.statusAt(now);
		if (activityStatus == ActivityStatus.TERMINATED) {
			return TemplateStatus.TERMINATED;
		}
		if (activityStatus == ActivityStatus.ENDED) {
			return TemplateStatus.ENDED;
		}
		if (this.content.validity().isOverAt(now)) {
			return TemplateStatus.EXPIRED;
		}
		return this.status;
	}

	/** Claims are possible only while the template is ENABLED and its activity RUNNING. */
	public boolean claimableAt(ActivityView activity, Instant now) {
		return statusAt(activity, now) == TemplateStatus.ENABLED && activity.statusAt(now) == ActivityStatus.RUNNING;
	}

	public TemplateSnapshot snapshot(ActivityView activity) {
		TemplateContent c = this.content;
		return new TemplateSnapshot(String.valueOf(this.id), String.valueOf(this.activityId),
				String.valueOf(this.merchantId), c.cityId(), c.type(), c.title(), c.amountOff(), c.percentOff(),
				c.maxDiscount(), c.freeDays(), c.specialPrice(), c.thresholdAmount(), c.deduction(), c.totalStock(),
				c.perUserLimit(), c.validity(), c.audience(), this.status, this.version, activity.activityStartTime(),
				activity.activityEndTime(), activity.kind());
	}

	public long id() {
		return this.id;
	}

	public long activityId() {
		return this.activityId;
	}

	public long merchantId() {
		return this.merchantId;
	}

	public TemplateContent content() {
		return this.content;
	}

	public TemplateStatus storedStatus() {
		return this.status;
	}

	public long claimedCount() {
		return this.claimedCount;
	}

	public Instant createdAt() {
		return this.createdAt;
	}

	public Instant updatedAt() {
		return this.updatedAt;
	}

	public long version() {
		return this.version;
	}

}
