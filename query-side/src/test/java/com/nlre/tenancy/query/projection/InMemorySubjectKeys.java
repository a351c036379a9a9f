package com.nlre.tenancy.query.projection;

import com.nlre.tenancy.personal.DataSubject;
import com.nlre.tenancy.personal.SubjectKeys;
import com.nlre.tenancy.query.gdpr.SubjectKeysUnavailable;

import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Subject keys held in memory, answering as the command side's key store does: it seals (creating a key on first use),
 * opens, forgets, records every prefetch request, and can be made unreachable.
 */
final class InMemorySubjectKeys implements SubjectKeys {

    private final Map<DataSubject, SecretKey> keys = new HashMap<>();
    final List<List<DataSubject>> prefetches = new ArrayList<>();
    boolean unreachable;

    @Override
    public SecretKey sealingKey(DataSubject subject) {
        return keys.computeIfAbsent(subject, ignored -> newKey());
    }

    @Override
    public Optional<SecretKey> openingKey(DataSubject subject) {
        failIfUnreachable();
        return Optional.ofNullable(keys.get(subject));
    }

    @Override
    public void prefetch(Collection<DataSubject> subjects) {
        failIfUnreachable();
        prefetches.add(List.copyOf(subjects));
    }

    @Override
    public void forgotten(DataSubject subject) {
        keys.remove(subject);
    }

    /** Every subject any prefetch asked for. */
    List<DataSubject> prefetched() {
        return prefetches.stream().flatMap(List::stream).toList();
    }

    private void failIfUnreachable() {
        if (unreachable) {
            throw new SubjectKeysUnavailable("the key store is down", null);
        }
    }

    private static SecretKey newKey() {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256);
            return generator.generateKey();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
