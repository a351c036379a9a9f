package com.nlre.tenancy.query;

import com.nlre.tenancy.query.projection.Projection;
import com.nlre.tenancy.query.projection.ReceivedEvent;
import org.springframework.core.Ordered;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A projection that throws on chosen events, by aggregate and sequence, until they are {@linkplain #cure cured}: the
 * poison of the dead-letter tests (a bug in a projection, then its fix). It runs before every other projection and
 * does nothing for any other event.
 */
public class PoisonedEvents implements Projection, Ordered {

    // shared by every context in the JVM: whichever context's consumer gets the event's partition is poisoned alike
    private static final Set<String> POISONED = ConcurrentHashMap.newKeySet();
    private static final Map<String, AtomicInteger> ATTEMPTS = new ConcurrentHashMap<>();

    public void poison(String aggregateId, long sequence) {
        POISONED.add(key(aggregateId, sequence));
    }

    public void cure(String aggregateId, long sequence) {
        POISONED.remove(key(aggregateId, sequence));
    }

    /** How often the event was tried while poisoned. */
    public int attempts(String aggregateId, long sequence) {
        AtomicInteger count = ATTEMPTS.get(key(aggregateId, sequence));
        return count == null ? 0 : count.get();
    }

    @Override
    public void createIndexes() {
        // no read model of its own
    }

    @Override
    public void apply(ReceivedEvent event) {
        String key = key(event.aggregateId(), event.sequence());
        if (POISONED.contains(key)) {
            ATTEMPTS.computeIfAbsent(key, any -> new AtomicInteger()).incrementAndGet();
            throw new IllegalStateException("poisoned event #" + event.sequence() + " of " + event.aggregateId());
        }
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    private static String key(String aggregateId, long sequence) {
        return aggregateId + "#" + sequence;
    }
}
