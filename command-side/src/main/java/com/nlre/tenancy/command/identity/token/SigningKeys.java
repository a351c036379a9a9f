package com.nlre.tenancy.command.identity.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nlre.tenancy.command.identity.credentials.KeyFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The RSA key that signs access tokens and the public keys that verify them (the signing key's and any previous
 * ones still accepted during a rotation). Only public keys ever leave this class.
 */
@Component
public class SigningKeys {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);
    private static final int GENERATED_KEY_BITS = 2048;

    private final RSAKey signingKey;
    private final JWKSet publicKeys;

    public SigningKeys(JwtProperties properties) {
        this.signingKey = signingKey(properties);
        List<JWK> published = new ArrayList<>();
        published.add(signingKey.toPublicJWK());
        properties.additionalPublicKeyFiles().forEach(file -> published.add(publicKey(Path.of(file))));
        this.publicKeys = new JWKSet(published);
    }

    /** The private signing key, with its {@code kid}. */
    RSAKey signingKey() {
        return signingKey;
    }

    public JWKSet publicKeys() {
        return publicKeys;
    }

    private static RSAKey signingKey(JwtProperties properties) {
        String pem = KeyFiles.configured(properties.signingKeyFile())
                .map(KeyFiles::read)
                .orElseGet(() -> {
                    Path file = Path.of(properties.generatedKeyFile());
                    return KeyFiles.readOrCreate(file, () -> {
                        log.warn("nlre.jwt.signing-key-file is not set: generated a JWT signing key in {}; every "
                                + "instance must share it", file);
                        return generatePem();
                    });
                });
        try {
            RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(der(pem, "PRIVATE KEY")));
            RSAPublicKey publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
            RSAKey unnamed = new RSAKey.Builder(publicKey).privateKey(privateKey).build();
            String keyId = properties.keyId() == null || properties.keyId().isBlank()
                    ? unnamed.computeThumbprint().toString() : properties.keyId();
            return new RSAKey.Builder(publicKey).privateKey(privateKey).keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256).keyID(keyId).build();
        } catch (GeneralSecurityException | JOSEException | ClassCastException e) {
            throw new IllegalStateException("the JWT signing key is not a PEM PKCS#8 RSA private key", e);
        }
    }

    private static JWK publicKey(Path file) {
        try {
            RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(der(KeyFiles.read(file), "PUBLIC KEY")));
            RSAKey unnamed = new RSAKey.Builder(key).build();
            return new RSAKey.Builder(key).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                    .keyID(unnamed.computeThumbprint().toString()).build();
        } catch (GeneralSecurityException | JOSEException | ClassCastException e) {
            throw new IllegalStateException("not a PEM RSA public key: " + file, e);
        }
    }

    private static String generatePem() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(GENERATED_KEY_BITS);
            byte[] pkcs8 = generator.generateKeyPair().getPrivate().getEncoded();
            return "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pkcs8)
                    + "\n-----END PRIVATE KEY-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is unavailable", e);
        }
    }

    private static byte[] der(String pem, String label) {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalStateException("expected a PEM block '" + label + "'");
        }
        return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
    }
}
