package com.nlre.tenancy.query.apikey;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.net.URI;
import java.time.Duration;

/**
 * Where the command side answers this service's questions (API-key introspection).
 *
 * @param url     its base URL, e.g. {@code http://command-side:8081}
 * @param timeout the longest one call (connect + answer) may take
 */
@Validated
@ConfigurationProperties("nlre.command-side")
public record CommandSideProperties(@NotNull @DefaultValue("http://127.0.0.1:8081") URI url,
                                    @NotNull @DefaultValue("2s") Duration timeout) {
}
