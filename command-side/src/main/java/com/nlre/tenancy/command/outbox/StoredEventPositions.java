package com.nlre.tenancy.command.outbox;

import java.util.Collection;
import java.util.Map;

/**
 * Where stored events sit in the event store's global order: each event's own global index.
 *
 * <p>The tracking token an event arrives with is not that: it is the highest index the tracker has seen, so for an
 * event that committed after a later-numbered one (it fills a gap) the token is ahead of the event. Envelopes carry
 * the event's own index so that every reader of the store (the outbox, the history stream, a rebuild) gives an event
 * the same position.
 */
public interface StoredEventPositions {

    /** The global index of each given event identifier that is in the store; absent identifiers are left out. */
    Map<String, Long> positionsOf(Collection<String> eventIdentifiers);
}
