package com.nlre.tenancy.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

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
                        + "field at fault."
                        + "\n\nRead-your-writes: a successful command answers with header `" + ConsistencyToken.HEADER
                        + "`; send it unchanged to the query side, which waits (up to 5 s) until its read models "
                        + "include that change and answers `" + ConsistencyToken.REACHED_HEADER + ": true` (or "
                        + "`false` if the wait ran out)."))
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
}
