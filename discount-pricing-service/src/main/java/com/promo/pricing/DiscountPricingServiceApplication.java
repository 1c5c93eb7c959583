package com.promo.pricing;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class DiscountPricingServiceApplication {

	public static void main(String[] args) {
		SpringApplication.run(DiscountPricingServiceApplication.class, args);
	}

}
