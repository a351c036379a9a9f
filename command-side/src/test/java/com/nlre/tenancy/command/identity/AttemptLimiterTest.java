package com.nlre.tenancy.command.identity;

import com.nlre.tenancy.command.TestClock;
import com.nlre.tenancy.command.identity.login.AttemptLimiter;
import com.nlre.tenancy.command.identity.login.LoginProperties;
import com.nlre.tenancy.command.identity.login.TooManyAttempts;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AttemptLimiterTest {

    private final TestClock clock = new TestClock();
    private final AttemptLimiter limiter = new AttemptLimiter(new LoginProperties(5, Duration.ofMinutes(15),
            3, Duration.ofMinutes(3), 5, Duration.ofMinutes(5), 1000), clock);

    {
        clock.freezeAt(Instant.parse("2026-11-27T15:00:00Z"));
    }

    @Test
    void limitsFailedAttemptsPerUserAndAnswersWhenToRetry() {
        for (int i = 0; i < 3; i++) {
            limiter.attempt("t|jane", "203.0.113.7");
        }
        assertThatThrownBy(() -> limiter.attempt("t|jane", "203.0.113.7"))
                .isInstanceOfSatisfying(TooManyAttempts.class,
                        refused -> assertThat(refused.retryAfterSeconds()).isEqualTo(60));
        clock.advance(Duration.ofMinutes(1));
        limiter.attempt("t|jane", "203.0.113.7");
    }

    @Test
    void limitsFailedAttemptsPerSourceAcrossUsers() {
        for (int i = 0; i < 5; i++) {
            limiter.attempt("t|user" + i, "198.51.100.1");
        }
        assertThatThrownBy(() -> limiter.attempt("t|someone-else", "198.51.100.1")).isInstanceOf(TooManyAttempts.class);
        limiter.attempt("t|someone-else", "198.51.100.2");
    }

    @Test
    void successfulAttemptsDoNotCount() {
        for (int i = 0; i < 10; i++) {
            limiter.attempt("t|jane", "203.0.113.9").succeeded();
        }
        limiter.attempt("t|jane", "203.0.113.9");
    }

    @Test
    void aUserKeyIgnoresEmailCase() {
        assertThat(AttemptLimiter.userKey("tenant_a1b2c3", " Jane@Acme.TEST ")).isEqualTo("tenant_a1b2c3|jane@acme.test");
    }
}
