package com.nlre.tenancy.web.security;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The platform operator's credential ({@code NLRE_OPERATOR_USERNAME} / {@code NLRE_OPERATOR_PASSWORD}). There is no
 * default password: a service without one refuses to start rather than run open.
 */
@Validated
@ConfigurationProperties("nlre.operator")
public record OperatorProperties(
        @NotBlank String username,
        @NotBlank(message = "set NLRE_OPERATOR_PASSWORD: operator endpoints are never open")
        @Size(min = 12, message = "must be at least 12 characters") String password) {

    /** This credential as an HTTP Basic {@code Authorization} header value, for calls to another service. */
    public String basicAuthorization() {
        return "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
