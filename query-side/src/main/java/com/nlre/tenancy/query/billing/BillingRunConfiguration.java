package com.nlre.tenancy.query.billing;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Runs {@link InvoiceRun} on its schedule unless {@code nlre.billing.run-enabled=false}. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@ConditionalOnProperty(name = "nlre.billing.run-enabled", havingValue = "true", matchIfMissing = true)
public class BillingRunConfiguration {
}
