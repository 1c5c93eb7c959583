package com.promo.web;

import org.apache.catalina.Host;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Registers the problem-details handler, the request-id filter and {@code /ping} in every servlet
 * service, and makes every refusal a problem: Boot's {@code /error} page, Tomcat's own error
 * report, bodies beyond their limit, and only JSON converters (API.md: JSON in and out).
 */
@AutoConfiguration(before = ErrorMvcAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(RequestBodyProperties.class)
public class PromoWebAutoConfiguration {

	@Bean
	PlatformExceptionHandler platformExceptionHandler() {
		return new PlatformExceptionHandler();
	}

	@Bean
	PingController pingController() {
		return new PingController();
	}

	@Bean
	FilterRegistrationBean<RequestIdFilter> requestIdFilter() {
		FilterRegistrationBean<RequestIdFilter> registration = new FilterRegistrationBean<>(new RequestIdFilter());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	/** Right after the request id, before security: an oversized body is refused before anything reads it. */
	@Bean
	FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(RequestBodyProperties properties) {
		FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(
				new RequestBodyLimitFilter(properties));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
		return registration;
	}

	/** Takes the place of Boot's {@code BasicErrorController} (it backs off for any ErrorController). */
	@Bean
	ProblemErrorController problemErrorController(ErrorAttributes errorAttributes) {
		return new ProblemErrorController(errorAttributes);
	}

	/**
	 * Only the JSON converter reads and writes objects: libraries bring Jackson 2's YAML and XML
	 * converters along (ShardingSphere), which cannot read the Jackson 3 types the controllers take
	 * and answered a YAML body with a 500.
	 */
	@Bean
	WebMvcConfigurer promoJsonOnlyConverters() {
		return new WebMvcConfigurer() {
			@Override
			public void configureMessageConverters(HttpMessageConverters.ServerBuilder builder) {
				builder.configureMessageConvertersList(converters -> {
					if (converters.stream().anyMatch(JacksonJsonHttpMessageConverter.class::isInstance)) {
						converters.removeIf(converter -> converter.getClass().getName().contains("Jackson2"));
					}
				});
			}
		};
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Tomcat.class)
	static class TomcatProblems {

		@Bean
		WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> promoProblemErrorReportValve() {
			return new ProblemValveCustomizer();
		}

	}

	/**
	 * Puts {@link ProblemErrorReportValve} on the host in place of Tomcat's HTML report (which Boot
	 * adds in its own customizer: this one runs after it).
	 */
	static final class ProblemValveCustomizer
			implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {

		@Override
		public void customize(ConfigurableTomcatWebServerFactory factory) {
			factory.addContextCustomizers(context -> {
				Host host = (Host) context.getParent();
				for (Valve valve : host.getPipeline().getValves()) {
					if (valve instanceof ErrorReportValve && !(valve instanceof ProblemErrorReportValve)) {
						host.getPipeline().removeValve(valve);
					}
				}
				ProblemErrorReportValve valve = new ProblemErrorReportValve();
				valve.setShowReport(false);
				valve.setShowServerInfo(false);
				host.getPipeline().addValve(valve);
				if (host instanceof StandardHost standardHost) {
					// else the host adds its default report valve again when it starts
					standardHost.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
				}
			});
		}

		@Override
		public int getOrder() {
			return Ordered.LOWEST_PRECEDENCE;
		}

	}

}
