package com.promo.claim.flashsale;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class FlashSaleConfiguration {

	@Bean
	EntryTokenCodec entryTokenCodec(FlashSaleProperties properties) {
		return new EntryTokenCodec(properties.tokenSecrets(), properties.previousKeysUntil());
	}

}
