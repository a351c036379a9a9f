package com.nlre.tenancy.query.projection;

/**
 * One read model kept up to date from the event stream. Events arrive at least once and, per aggregate, in sequence
 * order; a redelivered or replayed event must leave the read model unchanged, so every projection is idempotent by
 * {@code (aggregateId, aggregateSequence)}.
 */
public interface Projection {

    /** Creates the read model's indexes; idempotent, called at start-up before any event is consumed. */
    void createIndexes();

    /** Applies one event, ignoring event types this read model does not use. */
    void apply(ReceivedEvent event);
}
