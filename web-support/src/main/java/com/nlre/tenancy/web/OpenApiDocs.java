package com.nlre.tenancy.web;

import com.nlre.tenancy.web.ratelimit.RateLimitDecision;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;

import java.util.Map;

/** The OpenAPI document header both services serve at {@code /v3/api-docs} (Swagger UI at {@code /swagger-ui.html}). */
public final class OpenApiDocs {

    public static final String OPERATOR_SCHEME = "operator";
    /** Tenant users: an access token from {@code POST /api/v1/auth/token}. */
    public static final String BEARER_SCHEME = "bearer";
    /** Tenant API keys in the {@code X-API-Key} header. */
    public static final String API_KEY_SCHEME = "apiKey";

    private OpenApiDocs() {
    }

    public static OpenAPI document(String title, String description) {
        return new OpenAPI()
                .info(new Info().title(title).version("v1").description(description
                        + "\n\nEvery error is `application/problem+json` (RFC 9457) with a stable `type` "
                        + "(`urn:nlre:problem:<slug>`), a human `detail` and, for bad input, `errors[]` naming each "
                        + "field at fault. Request bodies hold at most 1 MB (CSV and text uploads 5 MB); a larger one "
                        + "is answered 413 `urn:nlre:problem:content-too-large` with `maxBytes`; unknown fields are 400."
                        + "\n\nRead-your-writes: a successful command answers with header `" + ConsistencyToken.HEADER
                        + "`; send it unchanged to the query side, which waits (up to 5 s) until its read models "
                        + "include that change and answers `" + ConsistencyToken.REACHED_HEADER + ": true` (or "
                        + "`false` if the wait ran out)."
                        + "\n\nRate limits: every request of a tenant user or API key takes one token from its "
                        + "tenant's bucket on this service, sized by plan. Responses carry `"
                        + RateLimitDecision.POLICY_HEADER + "` and `" + RateLimitDecision.STATE_HEADER
                        + "` (draft-ietf-httpapi-ratelimit-headers-09); a request beyond the rate is answered 429 "
                        + "`urn:nlre:problem:" + ProblemTypes.TOO_MANY_REQUESTS + "` with `Retry-After` in seconds."))
                .components(new Components().addSecuritySchemes(OPERATOR_SCHEME, new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("basic")
                        .description("Platform operator credential (NLRE_OPERATOR_USERNAME / NLRE_OPERATOR_PASSWORD)"))
                        .addSecuritySchemes(BEARER_SCHEME, new SecurityScheme()
                                .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
                                .description("A tenant user's access token (POST /api/v1/auth/token)"))
                        .addSecuritySchemes(API_KEY_SCHEME, new SecurityScheme()
                                .type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER).name("X-API-Key")
                                .description("A tenant API key; it acts with its scopes")))
                .addSecurityItem(new SecurityRequirement().addList(OPERATOR_SCHEME));
    }

    /**
     * Documents the per-tenant rate limit on every tenant route (an operation that accepts the bearer or API-key
     * scheme): a 429 answer with {@code Retry-After}, and the rate-limit headers on that answer and on success.
     */
    public static OpenApiCustomizer tenantRateLimitResponses() {
        return openApi -> {
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths().values().forEach(path -> path.readOperations().stream()
                    .filter(OpenApiDocs::isTenantOperation)
                    .forEach(OpenApiDocs::documentRateLimit));
        };
    }

    private static boolean isTenantOperation(Operation operation) {
        return operation.getSecurity() != null && operation.getSecurity().stream()
                .anyMatch(requirement -> requirement.containsKey(BEARER_SCHEME) || requirement.containsKey(API_KEY_SCHEME));
    }

    private static void documentRateLimit(Operation operation) {
        if (operation.getResponses() == null) {
            return;
        }
        operation.getResponses().forEach((code, response) -> {
            if (code.startsWith("2")) {
                rateLimitHeaders().forEach(response::addHeaderObject);
            }
        });
        String refusal = "The tenant's plan request rate on this service is used up (type urn:nlre:problem:"
                + ProblemTypes.TOO_MANY_REQUESTS + "); retry after Retry-After seconds.";
        ApiResponse tooMany = operation.getResponses().get("429");
        if (tooMany == null) {
            tooMany = new ApiResponse().description(refusal).content(new Content().addMediaType(
                    "application/problem+json", new MediaType().schema(new ObjectSchema())));
            operation.getResponses().addApiResponse("429", tooMany);
        } else if (tooMany.getDescription() == null || !tooMany.getDescription().contains(refusal)) {
            tooMany.setDescription((tooMany.getDescription() == null ? "" : tooMany.getDescription() + "; or: ")
                    + refusal);
        }
        tooMany.addHeaderObject("Retry-After", new Header().schema(new IntegerSchema())
                .description("Seconds until a request fits in the tenant's rate again"));
        rateLimitHeaders().forEach(tooMany::addHeaderObject);
    }

    private static Map<String, Header> rateLimitHeaders() {
        return Map.of(
                RateLimitDecision.POLICY_HEADER, new Header().schema(new StringSchema()).description(
                        "The tenant's quota policy, named after its plan: \"starter\";q=300;w=60 is 300 requests "
                                + "per 60 seconds (a burst of up to q, refilled continuously)"),
                RateLimitDecision.STATE_HEADER, new Header().schema(new StringSchema()).description(
                        "What is left: \"starter\";r=299;t=1 is 299 requests left, the bucket full again in 1 "
                                + "second"));
    }
}
