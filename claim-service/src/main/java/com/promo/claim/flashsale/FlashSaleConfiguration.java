package com.promo.claim.flashsale;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class FlashSaleConfiguration {

	@Bean
	EntryTokenCodec entryTokenCodec(FlashSaleProperties properties, Clock clock) {
		// the keys are read now, at start: a rotation takes effect here, and the previous keys admit
		// tokens for one window after it
		return new EntryTokenCodec(properties.tokenSecrets(), clock.instant().plus(properties.previousKeysFor()));
	}

}
