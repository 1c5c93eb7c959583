package com.promo.crowd;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;

/**
 * The features of crowd-sync-service (batch, ingest, membership, relation) depend on each other
 * without cycles and only through each other's top-level package.
 */
class ModuleStructureTest {

	@Test
	void featuresHaveNoCyclesAndUseOnlyEachOthersApi() {
		ApplicationModules.of(CrowdSyncServiceApplication.class).verify();
	}

}
