package com.promo.coupon.binding;

import java.util.EnumSet;
import java.util.Set;

import com.promo.contracts.coupon.TemplateChanged;
import com.promo.contracts.coupon.TemplateStatus;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A template that stops being claimable (EXPIRED, ENDED, TERMINATED) no longer counts against its
 * listings' caps. Heard synchronously, in the transaction that changed the template, so the
 * status and the released slots commit together.
 */
@Component
class TemplateRetirement {

	private static final Set<TemplateStatus> RETIRED = EnumSet.of(TemplateStatus.EXPIRED, TemplateStatus.ENDED,
			TemplateStatus.TERMINATED);

	private final BindingRepository bindings;

	TemplateRetirement(BindingRepository bindings) {
		this.bindings = bindings;
	}

	@EventListener
	void on(TemplateChanged change) {
		if (RETIRED.contains(change.template().status())) {
			this.bindings.deactivateTemplate(Long.parseLong(change.template().id()));
		}
	}

}
