package com.promo.openapi;

import java.util.List;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The service's document at {@code /v3/api-docs}, shaped by {@link ApiDocuments} with the service's
 * {@link ApiOperations} (any number of beans, merged). The public reads are the ones security
 * lets through ({@code promo.security.public-get-paths}), so the document and the filter chain read
 * the same setting.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(OpenApiCustomizer.class)
public class PromoOpenApiAutoConfiguration {

	@Bean
	OpenApiCustomizer promoApiDocuments(Environment environment, ObjectProvider<ApiOperations> tables) {
		List<String> publicGetPaths = Binder.get(environment)
			.bind("promo.security.public-get-paths", Bindable.listOf(String.class))
			.orElse(List.of());
		ApiOperations operations = tables.orderedStream().reduce(ApiOperations.none(), ApiOperations::and);
		return new ApiDocuments(environment.getProperty("spring.application.name", "service"), publicGetPaths, operations);
	}

	/**
	 * Operation ids from the controller and its method ({@code OpsActivityController.publish} is
	 * {@code opsActivityPublish}): springdoc's own are the bare method names with {@code _1},
	 * {@code _2} in whatever order it met the clashes, which would make the committed documents
	 * and the console's generated client change for no reason.
	 */
	@Bean
	OperationCustomizer promoOperationIds() {
		return (operation, handler) -> operation.operationId(OperationIds.of(handler));
	}

}
