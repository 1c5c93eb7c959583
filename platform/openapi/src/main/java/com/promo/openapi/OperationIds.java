package com.promo.openapi;

import org.springframework.util.StringUtils;
import org.springframework.web.method.HandlerMethod;

/** {@code OpsActivityController.publish} → {@code opsActivityPublish}: unique while controller names are. */
final class OperationIds {

	private OperationIds() {
	}

	static String of(HandlerMethod handler) {
		String controller = handler.getBeanType().getSimpleName().replaceFirst("Controller$", "");
		return StringUtils.uncapitalize(controller) + StringUtils.capitalize(handler.getMethod().getName());
	}

}
