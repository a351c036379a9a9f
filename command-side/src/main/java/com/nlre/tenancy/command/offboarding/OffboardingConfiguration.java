package com.nlre.tenancy.command.offboarding;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class OffboardingConfiguration {

    /** A purge that fails rolls back the offboarding, so no tenant is recorded offboarded with its data still here. */
    @Bean
    ConfigurerModule offboardingPurgeFailsTheCommand() {
        return configurer -> configurer.eventProcessing()
                .registerListenerInvocationErrorHandler(OffboardedTenantData.PROCESSING_GROUP,
                        configuration -> PropagatingErrorHandler.instance());
    }
}
