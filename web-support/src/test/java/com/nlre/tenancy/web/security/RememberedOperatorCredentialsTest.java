package com.nlre.tenancy.web.security;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RememberedOperatorCredentialsTest {

    private final AtomicInteger verifications = new AtomicInteger();
    private RememberedOperatorCredentials credentials;

    @BeforeEach
    void operatorWithABcryptHashedPassword() {
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        DaoAuthenticationProvider dao = new DaoAuthenticationProvider(new InMemoryUserDetailsManager(
                User.withUsername("operator").password(encoder.encode("correct horse")).roles("OPERATOR").build()));
        dao.setPasswordEncoder(encoder);
        AuthenticationProvider counting = new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication authentication) throws AuthenticationException {
                verifications.incrementAndGet();
                return dao.authenticate(authentication);
            }

            @Override
            public boolean supports(Class<?> authentication) {
                return dao.supports(authentication);
            }
        };
        credentials = new RememberedOperatorCredentials(counting, 10, Duration.ofMinutes(5));
    }

    @Test
    void verifiesTheRightPasswordOnceAndThenRemembersIt() {
        for (int i = 0; i < 5; i++) {
            Authentication result = credentials.authenticate(login("operator", "correct horse"));
            assertThat(result.isAuthenticated()).isTrue();
            assertThat(result.getAuthorities()).extracting(Object::toString).containsExactly("ROLE_OPERATOR");
        }

        assertThat(verifications).hasValue(1);
    }

    @Test
    void neverRemembersAWrongPasswordSoEveryGuessPaysTheFullHash() {
        credentials.authenticate(login("operator", "correct horse"));

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> credentials.authenticate(login("operator", "correct horse!")))
                    .isInstanceOf(BadCredentialsException.class);
        }
        assertThatThrownBy(() -> credentials.authenticate(login("someone", "correct horse")))
                .isInstanceOf(BadCredentialsException.class);

        assertThat(verifications).hasValue(5);
    }

    private static UsernamePasswordAuthenticationToken login(String username, String password) {
        return UsernamePasswordAuthenticationToken.unauthenticated(username, password);
    }
}
