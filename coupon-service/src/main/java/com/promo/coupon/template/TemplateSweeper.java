package com.promo.coupon.template;

import com.promo.coupon.CouponProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/** Persists the templates' clock-driven ends every {@code promo.coupon.template-sweep-interval}. */
@Component
class TemplateSweeper implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(TemplateSweeper.class);

	private static final int BATCH = 500;

	private final TemplateService templates;

	private final CouponProperties properties;

	TemplateSweeper(TemplateService templates, CouponProperties properties) {
		this.templates = templates;
		this.properties = properties;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(this::sweep, this.properties.templateSweepInterval());
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
