package com.nlre.tenancy.web.audit;

import com.nlre.tenancy.events.audit.AccessRecord;

import java.util.List;

/**
 * Where a service's access audit records go: the command side publishes them to Kafka, the query side writes them to
 * its access audit log. Called only on the {@link AccessAuditRecorder}'s own thread, never on a request thread, so it
 * may take its time; a failure it throws is counted and logged, and the batch is lost.
 */
@FunctionalInterface
public interface AccessRecordSink {

    void write(List<AccessRecord> batch);
}
