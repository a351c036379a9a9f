package com.nlre.tenancy.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OpenApiDocsTest {

    @Test
    void documentsTheRateLimitOnTenantRoutesOnly() {
        Operation tenantRoute = operation(OpenApiDocs.BEARER_SCHEME, OpenApiDocs.API_KEY_SCHEME);
        Operation operatorRoute = operation(OpenApiDocs.OPERATOR_SCHEME);
        Operation publicRoute = new Operation().responses(new ApiResponses()
                .addApiResponse("200", new ApiResponse().description("ok")));
        OpenAPI document = OpenApiDocs.document("test", "test").paths(new Paths()
                .addPathItem("/api/v1/leads", new PathItem().post(tenantRoute))
                .addPathItem("/api/v1/tenants", new PathItem().post(operatorRoute))
                .addPathItem("/api/v1/auth/token", new PathItem().post(publicRoute)));

        OpenApiDocs.tenantRateLimitResponses().customise(document);

        ApiResponse tooMany = tenantRoute.getResponses().get("429");
        assertThat(tooMany.getDescription()).contains("urn:nlre:problem:too-many-requests");
        assertThat(tooMany.getHeaders()).containsKeys("Retry-After", "RateLimit-Policy", "RateLimit");
        assertThat(tooMany.getContent()).containsKey("application/problem+json");
        assertThat(tenantRoute.getResponses().get("200").getHeaders()).containsKeys("RateLimit-Policy", "RateLimit");
        assertThat(operatorRoute.getResponses()).doesNotContainKey("429");
        assertThat(operatorRoute.getResponses().get("200").getHeaders()).isNull();
        assertThat(publicRoute.getResponses()).doesNotContainKey("429");
    }

    @Test
    void addsTheRateLimitToAQuotaRefusalAlreadyDocumentedAs429() {
        Operation tenantRoute = operation(OpenApiDocs.BEARER_SCHEME);
        tenantRoute.getResponses().addApiResponse("429", new ApiResponse().description("Quota exceeded"));
        OpenAPI document = new OpenAPI().paths(new Paths().addPathItem("/api/v1/leads",
                new PathItem().post(tenantRoute)));

        OpenApiDocs.tenantRateLimitResponses().customise(document);
        OpenApiDocs.tenantRateLimitResponses().customise(document);

        String description = tenantRoute.getResponses().get("429").getDescription();
        assertThat(description).startsWith("Quota exceeded; or: ").contains("too-many-requests");
        assertThat(description.indexOf("too-many-requests")).isEqualTo(description.lastIndexOf("too-many-requests"));
    }

    private static Operation operation(String... schemes) {
        Operation operation = new Operation().responses(new ApiResponses()
                .addApiResponse("200", new ApiResponse().description("ok")));
        for (String scheme : schemes) {
            operation.addSecurityItem(new SecurityRequirement().addList(scheme));
        }
        return operation;
    }
}
