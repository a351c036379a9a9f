package com.nlre.tenancy.command.history;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class HistoryConfiguration {

    /** An index write that fails rolls back the command that caused it, so no event is missing from its tenant's history. */
    @Bean
    ConfigurerModule tenantEventIndexFailsTheCommand() {
        return configurer -> configurer.eventProcessing()
                .registerListenerInvocationErrorHandler(TenantEventIndex.PROCESSING_GROUP,
                        configuration -> PropagatingErrorHandler.instance());
    }
}
