package com.nlre.tenancy.command.web;

import com.nlre.tenancy.web.OpenApiDocs;
import io.swagger.v3.oas.models.OpenAPI;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class CommandSideOpenApi {

    @Bean
    OpenAPI openApi() {
        return OpenApiDocs.document("NLRE Tenancy — command side",
                "Commands change state: each is validated by its aggregate, stored as events in the event store and "
                        + "published to Kafka. Reads are served by the query side.");
    }
}
