package com.promo.coupon.template;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;

import com.github.f4b6a3.tsid.TsidCreator;
import com.promo.contracts.activity.ActivitySnapshot;
import com.promo.contracts.coupon.TemplateChanged;
import com.promo.contracts.coupon.TemplateStatus;
import com.promo.coupon.activity.ActivityView;
import com.promo.coupon.activity.ActivityViews;
import com.promo.coupon.signup.SignupService;
import com.promo.web.FieldViolation;
import com.promo.web.PageQuery;
import com.promo.web.PageResponse;
import com.promo.web.ProblemCode;
import com.promo.web.ProblemException;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Template use cases. Each change and its {@link TemplateChanged} event commit together (outbox);
 * the event is also heard in the same transaction by the features that follow templates (a template
 * that stops being claimable releases its listings' binding slots).
 */
@Service
public class TemplateService {

	/** A template with the activity it belongs to, as reads need both. */
	public record TemplateInActivity(CouponTemplate template, ActivityView activity) {
	}

	private final TemplateRepository templates;

	private final ActivityViews activities;

	private final SignupService signups;

	private final ApplicationEventPublisher events;

	private final TransactionTemplate transactions;

	private final Clock clock;

	TemplateService(TemplateRepository templates, ActivityViews activities, SignupService signups,
			ApplicationEventPublisher events, TransactionTemplate transactions, Clock clock) {
		this.templates = templates;
		this.activities = activities;
		this.signups = signups;
		this.events = events;
		this.transactions = transactions;
		this.clock = clock;
	}

	@Transactional
	TemplateInActivity create(long merchantId, TemplateRequests.CreateTemplate request) {
		List<FieldViolation> violations = new ArrayList<>(request.shapeViolations());
		ActivityView activity = request.hasActivityId() ? this.activities.find(request.activity()).orElse(null) : null;
		TemplateContent content = request.content();
		for (FieldViolation rule : TemplateRules.violations(content, activity, merchantId)) {
			// one message per field: the request's own shape problem comes first
			if (violations.stream().noneMatch(shape -> shape.field().equals(rule.field()))) {
				violations.add(rule);
			}
		}
		if (!violations.isEmpty()) {
			throw new ProblemException(ProblemCode.VALIDATION_FAILED, describe(violations), violations);
		}
		Instant now = now();
		if (!this.signups.hasSignedUp(merchantId, activity.id())) {
			throw new ProblemException(ProblemCode.INVALID_STATE, "sign up to activity " + activity.id() + " first");
		}
		if (!activity.takesTemplatesAt(now)) {
			throw new ProblemException(ProblemCode.INVALID_STATE,
					"activity " + activity.id() + " no longer takes templates; it is " + activity.statusAt(now));
		}
		CouponTemplate template = CouponTemplate.create(TsidCreator.getTsid().toLong(), activity.id(), merchantId, content,
				now);
		this.templates.insert(template);
		this.events.publishEvent(template.created(activity, now));
		return new TemplateInActivity(template, activity);
	}

	@Transactional
	TemplateInActivity enable(long merchantId, long templateId) {
		return change(merchantId, templateId, (template, activity) -> template.enable(activity, now()));
	}

	@Transactional
	TemplateInActivity terminate(long merchantId, long templateId) {
		return change(merchantId, templateId, (template, activity) -> template.terminate(activity, now()));
	}

	/** A merchant's lifecycle action: the template's rule decides, saved against the version read. */
	private TemplateInActivity change(long merchantId, long templateId,
			BiFunction<CouponTemplate, ActivityView, TemplateChanged> action) {
		TemplateInActivity current = ownForChange(merchantId, templateId);
		CouponTemplate template = current.template();
		long expected = template.version();
		save(template, expected, action.apply(template, current.activity()));
		return current;
	}

	/**
	 * Whether the template is still open as stored (not EXPIRED, ENDED or TERMINATED), holding its
	 * row until the caller's transaction ends. A retirement updates the row and then frees the
	 * template's bindings in one transaction, so it either waits for a binding made in the caller's
	 * transaction (and frees it too) or has committed and is seen here.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public boolean holdOpen(long templateId) {
		return this.templates.lockStoredStatus(templateId).map(status -> !status.isFinal()).orElse(false);
	}

	/** A merchant reads its own templates only: someone else's is not found. */
	@Transactional(readOnly = true)
	public TemplateInActivity getOwn(long merchantId, long templateId) {
		TemplateInActivity found = find(templateId);
		if (found.template().merchantId() != merchantId) {
			throw ProblemException.notFound("template " + templateId);
		}
		return found;
	}

	/** For changes: someone else's template is forbidden (API.md), a missing one not found. */
	@Transactional(readOnly = true)
	public TemplateInActivity ownForChange(long merchantId, long templateId) {
		TemplateInActivity found = find(templateId);
		if (found.template().merchantId() != merchantId) {
			throw new ProblemException(ProblemCode.FORBIDDEN, "template " + templateId + " belongs to another merchant");
		}
		return found;
	}

	/** Templates by the filters given; {@code merchantId} null: every merchant's (operations). */
	@Transactional(readOnly = true)
	PageResponse<TemplateInActivity> search(Long merchantId, Long activityId, TemplateStatus status, PageQuery page) {
		PageResponse<CouponTemplate> found = this.templates.search(merchantId, activityId, status, page, now());
		// one read for the page's activities (the search only finds templates whose activity is known)
		Map<Long, ActivityView> activities = this.activities
			.findAll(found.items().stream().map(CouponTemplate::activityId).distinct().toList());
		return found.map(t -> new TemplateInActivity(t, Objects.requireNonNull(activities.get(t.activityId()))));
	}

	/**
	 * An activity event arrived: keep the newest snapshot and, when the activity is over, end or
	 * terminate its open templates. Duplicates and older snapshots change nothing.
	 */
	@Transactional
	public void onActivityChanged(ActivitySnapshot snapshot) {
		ActivityView activity = ActivityView.of(snapshot);
		if (!this.activities.saveIfNewer(activity) || !activity.isOverAt(now())) {
			return;
		}
		for (CouponTemplate template : this.templates.findOpenByActivity(activity.id())) {
			follow(template, activity);
		}
	}

	/**
	 * Persists EXPIRED / ENDED / TERMINATED for templates whose validity or activity is over, each in
	 * its own transaction; safe with several instances (version-conditional updates).
	 * @return how many templates moved
	 */
	public int sweep(int limit) {
		int moved = 0;
		for (CouponTemplate due : this.templates.findDueForSweep(now(), limit)) {
			Boolean applied = this.transactions.execute(status -> this.activities.find(due.activityId())
				.map(activity -> follow(due, activity))
				.orElse(false));
			moved += Boolean.TRUE.equals(applied) ? 1 : 0;
		}
		return moved;
	}

	private boolean follow(CouponTemplate template, ActivityView activity) {
		long expected = template.version();
		Optional<TemplateChanged> change = template.follow(activity, now());
		if (change.isEmpty() || !this.templates.updateStatus(template, expected)) {
			return false;
		}
		this.events.publishEvent(change.get());
		return true;
	}

	private TemplateInActivity find(long templateId) {
		CouponTemplate template = this.templates.findById(templateId)
			.orElseThrow(() -> ProblemException.notFound("template " + templateId));
		ActivityView activity = this.activities.find(template.activityId()).orElseThrow();
		return new TemplateInActivity(template, activity);
	}

	private void save(CouponTemplate template, long expected, TemplateChanged event) {
		if (!this.templates.updateStatus(template, expected)) {
			throw new ProblemException(ProblemCode.CONFLICT, "template " + template.id() + " was changed concurrently");
		}
		this.events.publishEvent(event);
	}

	public Instant now() {
		return this.clock.instant();
	}

	private static String describe(List<FieldViolation> violations) {
		return String.join("; ", violations.stream().map(v -> v.field() + ": " + v.message()).toList());
	}

}
