package com.nlre.tenancy.command;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The command side: REST commands → aggregates → event store → Kafka outbox. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CommandSideApplication {

    /**
     * The service reads {@code command-side.yml}, not {@code application.yml}, so its settings never mix with another
     * service's when both share a classpath (as in the system tests).
     */
    public static final String CONFIG_NAME = "command-side";

    public static void main(String[] args) {
        System.setProperty("axoniq.update-checker.disabled", "true");
        new SpringApplicationBuilder(CommandSideApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME)
                .run(args);
    }
}
