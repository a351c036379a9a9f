package com.nlre.tenancy.command.agent;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class AgentConfiguration {

    /** A roster write that fails rolls back the command that caused it, so the roster never lags the agents' events. */
    @Bean
    ConfigurerModule agentRosterFailsTheCommand() {
        return configurer -> configurer.eventProcessing()
                .registerListenerInvocationErrorHandler(AgentRoster.PROCESSING_GROUP,
                        configuration -> PropagatingErrorHandler.instance());
    }
}
