package com.nlre.tenancy.query.config;

import com.nlre.tenancy.web.OpenApiDocs;
import io.swagger.v3.oas.models.OpenAPI;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The service's OpenAPI document, served at {@code /v3/api-docs} and {@code /swagger-ui.html}. */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

    @Bean
    OpenAPI querySideOpenApi() {
        return OpenApiDocs.document("NLRE Tenancy query side", """
                Read models projected from the platform's events, for platform operators (HTTP Basic). Reads are \
                eventually consistent with the command side; the read-your-writes header below closes the gap.""");
    }
}
