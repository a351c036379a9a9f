package com.nlre.tenancy.query.projection;

/**
 * Told once per poll of the event topic, on the consuming thread, before the polled records are projected one by one
 * on that same thread: the place for work done once per batch instead of once per record.
 */
public interface EventPollObserver {

    /**
     * @param eventRecords how many records of the event topic the poll returned (at least one)
     */
    void polled(int eventRecords);
}
