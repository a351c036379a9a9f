package com.nlre.tenancy.command.tenant;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class TermEndConfiguration {

    /** A deadline write that fails rolls back the command that caused it, so no pending end is ever lost. */
    @Bean
    ConfigurerModule termEndDeadlinesFailTheCommand() {
        return configurer -> configurer.eventProcessing()
                .registerListenerInvocationErrorHandler(TermEndDeadlines.PROCESSING_GROUP,
                        configuration -> PropagatingErrorHandler.instance());
    }
}
