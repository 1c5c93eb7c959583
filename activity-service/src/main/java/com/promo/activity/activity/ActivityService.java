package com.promo.activity.activity;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import com.github.f4b6a3.tsid.TsidCreator;
import com.promo.contracts.activity.ActivityTransitioned;
import com.promo.web.PageQuery;
import com.promo.web.PageResponse;
import com.promo.web.ProblemCode;
import com.promo.web.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Use cases on activities. Each runs in one transaction that saves the activity and records its
 * events in the outbox together, so an event is published if and only if its change committed.
 */
@Service
public class ActivityService {

	private static final Logger log = LoggerFactory.getLogger(ActivityService.class);

	private final ActivityRepository repository;

	private final ApplicationEventPublisher events;

	private final TransactionTemplate transactions;

	private final Clock clock;

	ActivityService(ActivityRepository repository, ApplicationEventPublisher events, TransactionTemplate transactions,
			Clock clock) {
		this.repository = repository;
		this.events = events;
		this.transactions = transactions;
		this.clock = clock;
	}

	@Transactional
	public Activity create(ActivityDraft content) {
		Activity activity = Activity.create(TsidCreator.getTsid().toLong(), content, now());
		this.repository.insert(activity);
		return activity;
	}

	@Transactional
	public Activity edit(long id, UnaryOperator<ActivityDraft> change, Long ifMatch) {
		Activity activity = get(id);
		checkIfMatch(activity, ifMatch);
		long expected = activity.version();
		activity.edit(change.apply(activity.content()), now());
		save(activity, expected, true, List.of());
		return activity;
	}

	@Transactional
	public Activity publish(long id) {
		return transition(id, (activity) -> activity.publish(now()));
	}

	@Transactional
	public Activity terminate(long id) {
		return transition(id, (activity) -> activity.terminate(now()));
	}

	/** A lifecycle action: the activity's rule decides the steps, saved against the version read. */
	private Activity transition(long id, Function<Activity, List<ActivityTransitioned>> action) {
		Activity activity = get(id);
		long expected = activity.version();
		save(activity, expected, false, action.apply(activity));
		return activity;
	}

	@Transactional(readOnly = true)
	public Activity get(long id) {
		return this.repository.findById(id).orElseThrow(() -> ProblemException.notFound("activity " + id));
	}

	@Transactional(readOnly = true)
	public PageResponse<Activity> search(ActivityFilter filter, PageQuery page) {
		return this.repository.search(filter, page, now());
	}

	/**
	 * Persists the clock-driven transitions that are due, each activity in its own transaction.
	 * Several instances may run this at once: the version-conditional update lets exactly one of
	 * them apply (and publish) each transition; the others skip it.
	 * @return how many activities this call moved
	 */
	public int advanceDue(int limit) {
		Instant now = now();
		int moved = 0;
		for (Activity due : this.repository.findDue(now, limit)) {
			Boolean applied = this.transactions.execute(status -> {
				long expected = due.version();
				List<ActivityTransitioned> steps = due.advance(now);
				if (steps.isEmpty() || !this.repository.update(due, expected, false)) {
					return false;
				}
				steps.forEach(this.events::publishEvent);
				return true;
			});
			if (Boolean.TRUE.equals(applied)) {
				moved++;
				log.info("activity {} is now {}", due.id(), due.storedStatus());
			}
		}
		return moved;
	}

	public Instant now() {
		return this.clock.instant();
	}

	private void save(Activity activity, long expectedVersion, boolean contentChanged, List<ActivityTransitioned> steps) {
		if (!this.repository.update(activity, expectedVersion, contentChanged)) {
			throw new ProblemException(ProblemCode.CONFLICT, "activity " + activity.id() + " was changed concurrently; read it again");
		}
		steps.forEach(this.events::publishEvent);
	}

	private static void checkIfMatch(Activity activity, Long ifMatch) {
		if (ifMatch != null && ifMatch != activity.version()) {
			throw new ProblemException(ProblemCode.CONFLICT,
					"If-Match " + ifMatch + " does not match the current version " + activity.version());
		}
	}

}
