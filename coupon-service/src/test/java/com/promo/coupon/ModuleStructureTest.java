package com.promo.coupon;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;

/**
 * The features of coupon-service (activity, binding, listing, signup, template, wallet) depend on
 * each other without cycles and only through each other's top-level package.
 */
class ModuleStructureTest {

	@Test
	void featuresHaveNoCyclesAndUseOnlyEachOthersApi() {
		ApplicationModules.of(CouponServiceApplication.class).verify();
	}

}
