package com.nlre.tenancy.command.tenant;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class TenantDirectoryConfiguration {

    /** A directory write that fails rolls back the command that caused it, so the directory never lags the events. */
    @Bean
    ConfigurerModule tenantDirectoryFailsTheCommand() {
        return configurer -> configurer.eventProcessing()
                .registerListenerInvocationErrorHandler(TenantDirectory.PROCESSING_GROUP,
                        configuration -> PropagatingErrorHandler.instance());
    }
}
