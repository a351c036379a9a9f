package com.nlre.tenancy.command;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import java.time.Clock;

/** Every time decision of the application under test follows {@link CommandSideIntegrationTest#CLOCK}. */
@TestConfiguration(proxyBeanMethods = false)
public class TestClockConfiguration {

    @Bean
    @Primary
    Clock testClock() {
        return CommandSideIntegrationTest.CLOCK;
    }
}
