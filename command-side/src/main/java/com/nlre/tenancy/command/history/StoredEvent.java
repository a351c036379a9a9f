package com.nlre.tenancy.command.history;

import org.axonframework.eventhandling.DomainEventMessage;

/** An event read back from the event store, deserialized as the store does, with its global position. */
public record StoredEvent(long position, DomainEventMessage<?> message) {
}
