package com.nlre.tenancy.command.lead;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class CallComplianceConfiguration {

    /**
     * A compliance-table write that fails rolls back the command that caused it (as for the tenant directory), so
     * calls are never decided on settings or do-not-call lists that lag the events.
     */
    @Bean
    ConfigurerModule callComplianceTablesFailTheCommand() {
        return configurer -> configurer.eventProcessing()
                .registerListenerInvocationErrorHandler(CallComplianceTables.PROCESSING_GROUP,
                        configuration -> PropagatingErrorHandler.instance());
    }
}
