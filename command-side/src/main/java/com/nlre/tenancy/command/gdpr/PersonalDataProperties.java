package com.nlre.tenancy.command.gdpr;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of personal-data sealing ({@code nlre.personal-data.*}).
 *
 * @param masterKey     base64 of the 32-byte AES key that wraps every tenant key; when unset it is read from
 *                      {@code masterKeyFile}, generated (mode 600) on first start. Every instance must use the same key;
 *                      losing it makes all sealed personal data unreadable.
 * @param masterKeyFile where the generated master key is kept
 * @param keyCacheSize  how many unwrapped subject keys (and as many tenant keys) an instance keeps in memory
 */
@ConfigurationProperties("nlre.personal-data")
public record PersonalDataProperties(String masterKey,
                                     @DefaultValue("./data/keys/personal-data-master.key") String masterKeyFile,
                                     @DefaultValue("100000") long keyCacheSize) {
}
