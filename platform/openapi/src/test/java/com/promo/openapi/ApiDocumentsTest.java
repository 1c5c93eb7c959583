package com.promo.openapi;

import java.util.List;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.PathParameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import org.junit.jupiter.api.Test;

import static com.promo.web.ProblemCode.INVALID_STATE;
import static com.promo.web.ProblemCode.SOLD_OUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** What the platform's customizer makes of springdoc's raw document. Plain JUnit. */
class ApiDocumentsTest {

	static Operation operation() {
		return new Operation().responses(new ApiResponses()
			.addApiResponse("200", new ApiResponse().description("OK")
				.content(new Content().addMediaType("*/*", new MediaType().schema(new Schema<>().$ref("#/components/schemas/Thing")))))
			.addApiResponse("500", new ApiResponse().description("from an exception handler")));
	}

	static OpenAPI raw() {
		Operation claim = operation().addParametersItem(new PathParameter().name("id"))
			.addParametersItem(new HeaderParameter().name("Idempotency-Key"));
		return new OpenAPI().paths(new Paths()
			.addPathItem("/api/things/{id}", new PathItem().get(operation().addParametersItem(new PathParameter().name("id"))))
			.addPathItem("/api/things/{id}/claims", new PathItem().post(claim))
			.addPathItem("/ops/things", new PathItem().post(operation().requestBody(new RequestBody())))
			.addPathItem("/internal/things", new PathItem().get(operation()))
			.addPathItem("/ping", new PathItem().get(operation())))
			.components(new io.swagger.v3.oas.models.Components().addSchemas("Thing", new Schema<>())
				.addSchemas("OnlyPingUsesIt", new Schema<>()));
	}

	static ApiDocuments documents(ApiOperations operations) {
		return new ApiDocuments("thing-service", List.of("/api/things/*"), operations);
	}

	@Test
	void onlyApiPathsStayAndEveryOperationAnswersTheSharedProblemsByItsShape() {
		OpenAPI api = raw();

		documents(ApiOperations.none()).customise(api);

		assertThat(api.getPaths()).containsOnlyKeys("/api/things/{id}", "/api/things/{id}/claims", "/ops/things",
				"/internal/things");
		Operation publicRead = api.getPaths().get("/api/things/{id}").getGet();
		assertThat(publicRead.getResponses()).containsOnlyKeys("200", "400", "401", "404", "503");
		assertThat(publicRead.getResponses().get("200").getContent()).containsOnlyKeys("application/json");
		assertThat(publicRead.getSecurity()).containsExactly(new SecurityRequirement(),
				new SecurityRequirement().addList("bearer"));
		Operation create = api.getPaths().get("/ops/things").getPost();
		assertThat(create.getResponses()).containsOnlyKeys("200", "400", "401", "403", "503");
		assertThat(create.getSecurity()).containsExactly(new SecurityRequirement().addList("bearer"));
		assertThat(api.getPaths().get("/internal/things").getGet().getResponses()).containsOnlyKeys("200", "401", "403",
				"503");
		assertThat(create.getResponses().get("403").getContent().get("application/problem+json").getSchema().get$ref())
			.isEqualTo("#/components/schemas/Problem");
		assertThat(api.getComponents().getSchemas()).containsOnlyKeys("Thing", "Problem", "ProblemFieldError");
		assertThat(api.getServers()).singleElement().satisfies(server -> assertThat(server.getUrl()).isEqualTo("/"));
	}

	@Test
	void theServicesTableAddsItsCodesStatusesAndIdempotencyKeys() {
		OpenAPI api = raw();

		documents(ApiOperations.none()
			.creates("POST /api/things/{id}/claims", SOLD_OUT)
			.on("POST /ops/things", INVALID_STATE)).customise(api);

		Operation claim = api.getPaths().get("/api/things/{id}/claims").getPost();
		assertThat(claim.getResponses()).containsOnlyKeys("201", "400", "401", "403", "404", "409", "410", "503");
		assertThat(claim.getResponses().get("201").getContent()).containsOnlyKeys("application/json");
		assertThat(claim.getResponses().get("409").getDescription()).isEqualTo("Conflict: CONFLICT");
		assertThat(claim.getParameters()).filteredOn(p -> p.getName().equals("Idempotency-Key"))
			.singleElement()
			.satisfies(key -> assertThat(key.getSchema().getMaxLength()).isEqualTo(64));
		assertThat(api.getPaths().get("/ops/things").getPost().getResponses()).containsKey("422");
	}

	@Test
	void aTableEntryForAnOperationTheServiceLacksFailsTheDocument() {
		ApiDocuments documents = documents(ApiOperations.none().on("DELETE /ops/things", INVALID_STATE));

		assertThatIllegalStateException().isThrownBy(() -> documents.customise(raw()))
			.withMessageContaining("DELETE /ops/things");
	}

}
