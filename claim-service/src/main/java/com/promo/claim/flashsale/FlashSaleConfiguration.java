package com.promo.claim.flashsale;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class FlashSaleConfiguration {

	@Bean
	EntryTokenCodec entryTokenCodec(FlashSaleProperties properties) {
		return new EntryTokenCodec(properties.tokenSecrets());
	}

	@Bean
	@ConditionalOnMissingBean
	HumanCheck humanCheck() {
		return HumanCheck.NONE;
	}

}
