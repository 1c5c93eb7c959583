package com.promo.activity.lifecycle;

import com.promo.activity.ActivityProperties;
import com.promo.activity.activity.ActivityService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Every {@code promo.activity.lifecycle-interval} (default 60 s) persists the transitions the
 * clock has made due and publishes them. Safe with any number of instances: each transition is
 * applied by exactly one (see {@link ActivityService#advanceDue}).
 */
@Component
class LifecycleScheduler implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(LifecycleScheduler.class);

	private final ActivityService activities;

	private final ActivityProperties properties;

	LifecycleScheduler(ActivityService activities, ActivityProperties properties) {
		this.activities = activities;
		this.properties = properties;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(this::advance, this.properties.lifecycleInterval());
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
