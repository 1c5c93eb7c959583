package com.promo.activity;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;

/**
 * The feature packages under {@code com.promo.activity} are Spring Modulith application modules: no cycles
 * between them, and none reaches into another's sub-packages. Plain JUnit, no Spring context.
 */
class ModuleBoundariesTest {

	@Test
	void featurePackagesHaveNoCyclesAndUseOnlyEachOthersApi() {
		ApplicationModules.of(ActivityServiceApplication.class).verify();
	}

}
