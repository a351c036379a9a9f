package com.nlre.tenancy.query.config;

import com.nlre.tenancy.web.OpenApiDocs;
import io.swagger.v3.oas.models.OpenAPI;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The service's OpenAPI document, served at {@code /v3/api-docs} and {@code /swagger-ui.html}. Operator routes use
 * the document-wide {@code operator} scheme; tenant routes declare web-support's bearer and API-key schemes instead.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

    @Bean
    OpenAPI querySideOpenApi() {
        return OpenApiDocs.document("NLRE Tenancy query side", """
                Read models projected from the platform's events. Platform operators (HTTP Basic) read tenants and \
                the security audit log; a tenant's users (JWT access token) and API keys read their own tenant's \
                data (users, API keys, leads with their consent and calls, the do-not-call list), and only it: \
                an id of another tenant is answered 404 exactly like an unknown id. A suspended \
                tenant may still read; a canceled tenant is answered 403 (tenant-canceled). Reads are eventually \
                consistent with the command side; the read-your-writes header below closes the gap.""");
    }
}
