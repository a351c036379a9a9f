package com.nlre.tenancy.command.identity.login;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Login protection ({@code nlre.auth.*}).
 *
 * @param maxFailedAttempts consecutive failed logins that lock a user out
 * @param lockoutDuration   how long a lockout lasts
 * @param perUserAttempts   failed attempts allowed per tenant and email within {@code perUserWindow}, refilled
 *                          gradually; successful logins do not count
 * @param perSourceAttempts failed attempts allowed per source address within {@code perSourceWindow}
 * @param trackedKeys       most users and sources whose attempts are remembered (least recently seen are dropped)
 */
@ConfigurationProperties("nlre.auth")
public record LoginProperties(@DefaultValue("5") int maxFailedAttempts,
                              @DefaultValue("15m") Duration lockoutDuration,
                              @DefaultValue("10") int perUserAttempts,
                              @DefaultValue("10m") Duration perUserWindow,
                              @DefaultValue("50") int perSourceAttempts,
                              @DefaultValue("5m") Duration perSourceWindow,
                              @DefaultValue("100000") long trackedKeys) {
}
