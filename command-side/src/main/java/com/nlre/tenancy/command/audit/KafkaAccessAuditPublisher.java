package com.nlre.tenancy.command.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nlre.tenancy.events.Topics;
import com.nlre.tenancy.events.audit.AccessRecord;
import com.nlre.tenancy.web.audit.AccessAuditRecorder;
import com.nlre.tenancy.web.audit.AccessRecordSink;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * The command side's access audit records go to {@link Topics#ACCESS_AUDIT}, keyed by tenantId, for the query side to
 * store. Sends are asynchronous and run on the {@link AccessAuditRecorder}'s thread, never a request's; the producer
 * is the service's idempotent, {@code acks=all} one. A send Kafka refuses is counted in
 * {@value AccessAuditRecorder#FAILED_METRIC} and logged: the access trail is best-effort evidence and never holds up
 * or fails the request it describes.
 */
@Component
public class KafkaAccessAuditPublisher implements AccessRecordSink {

    private static final Logger log = LoggerFactory.getLogger(KafkaAccessAuditPublisher.class);

    private final KafkaTemplate<String, String> kafka;
    private final ObjectMapper objectMapper;
    private final Counter failed;

    public KafkaAccessAuditPublisher(KafkaTemplate<String, String> kafka, ObjectMapper objectMapper,
                                     MeterRegistry meters) {
        this.kafka = kafka;
        this.objectMapper = objectMapper;
        this.failed = Counter.builder(AccessAuditRecorder.FAILED_METRIC)
                .description("Access audit records the sink failed to write")
                .register(meters);
    }

    @Override
    public void write(List<AccessRecord> batch) {
        for (AccessRecord accessRecord : batch) {
            String json;
            try {
                json = objectMapper.writeValueAsString(accessRecord);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("an access record always serialises", e);
            }
            String key = accessRecord.tenantId() == null ? Topics.NO_TENANT_KEY : accessRecord.tenantId();
            kafka.send(Topics.ACCESS_AUDIT, key, json).whenComplete((sent, error) -> {
                if (error != null) {
                    failed.increment();
                    log.error("Could not publish the access record {} of {} {}", accessRecord.recordId(),
                            accessRecord.method(), accessRecord.route(), error);
                }
            });
        }
    }
}
