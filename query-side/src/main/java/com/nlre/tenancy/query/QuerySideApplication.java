package com.nlre.tenancy.query;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The read side: consumes the event topic into MongoDB read models and answers queries over them. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class QuerySideApplication {

    /**
     * The service reads {@code query-side.yml}, not {@code application.yml}, so its settings never mix with another
     * service's when both share a classpath (as in the system tests).
     */
    public static final String CONFIG_NAME = "query-side";

    public static void main(String[] args) {
        new SpringApplicationBuilder(QuerySideApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME)
                .run(args);
    }
}
