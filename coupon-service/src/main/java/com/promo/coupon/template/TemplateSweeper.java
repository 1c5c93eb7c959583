package com.promo.coupon.template;

import java.time.Duration;

import com.promo.coupon.CouponProperties;
import com.promo.scheduling.ClusterJobs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Persists the templates' clock-driven ends every {@code promo.coupon.template-sweep-interval}, on
 * one instance of the cluster per round ({@link ClusterJobs}). The ends are conditional updates,
 * so rounds that overlap (a round longer than its lock) still end each template once.
 */
@Component
class TemplateSweeper implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(TemplateSweeper.class);

	private static final int BATCH = 500;

	private final TemplateService templates;

	private final CouponProperties properties;

	private final ClusterJobs jobs;

	TemplateSweeper(TemplateService templates, CouponProperties properties, ClusterJobs jobs) {
		this.templates = templates;
		this.properties = properties;
		this.jobs = jobs;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		Duration interval = this.properties.templateSweepInterval();
		// batches of 500 until none is due: seconds; a holder that died mid-round delays the ends
		// (reads already report them) by at most ten intervals (5 min by default)
		registrar.addFixedDelayTask(
				this.jobs.locked("coupon-template-sweep", interval, interval.multipliedBy(10), this::sweep), interval);
	}

	void sweep() {
		try {
			while (this.templates.sweep(BATCH) == BATCH) {
				// a full batch: more may be due
			}
		}
		catch (RuntimeException ex) {
			log.warn("template sweep failed, the next one retries: {}", ex.getMessage());
		}
	}

}
