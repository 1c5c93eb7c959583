package com.promo.activity.lifecycle;

import java.time.Duration;

import com.promo.activity.ActivityProperties;
import com.promo.activity.activity.ActivityService;
import com.promo.scheduling.ClusterJobs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Every {@code promo.activity.lifecycle-interval} (default 60 s) persists the transitions the
 * clock has made due and publishes them, on one instance of the cluster per round
 * ({@link ClusterJobs}). Each transition is applied exactly once even when rounds overlap (see
 * {@link ActivityService#advanceDue}); the lock only spares the others the same queries.
 */
@Component
class LifecycleScheduler implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(LifecycleScheduler.class);

	private final ActivityService activities;

	private final ActivityProperties properties;

	private final ClusterJobs jobs;

	LifecycleScheduler(ActivityService activities, ActivityProperties properties, ClusterJobs jobs) {
		this.activities = activities;
		this.properties = properties;
		this.jobs = jobs;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		Duration interval = this.properties.lifecycleInterval();
		// a round is a few batched queries, seconds even when thousands of activities start at
		// once; a holder that died mid-round delays the persisted transitions (reads already show
		// them) by at most five intervals (5 min by default)
		registrar.addFixedDelayTask(
				this.jobs.locked("activity-lifecycle", interval, interval.multipliedBy(5), this::advance), interval);
	}

	void advance() {
		try {
			int batch = this.properties.lifecycleBatchSize();
			while (this.activities.advanceDue(batch) == batch) {
				// a full batch: more may be due
			}
		}
		catch (RuntimeException ex) {
			log.warn("lifecycle round failed, the next one retries: {}", ex.getMessage());
		}
	}

}
