package com.nlre.tenancy.query.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nlre.tenancy.events.Topics;
import com.nlre.tenancy.events.audit.AccessRecord;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.web.audit.AccessRecordSink;
import com.nlre.tenancy.query.offboarding.OffboardedTenants;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Both ways records reach the {@link AccessAuditLog}:
 * <ul>
 *   <li>the command side's, from {@link Topics#ACCESS_AUDIT} (own consumer group; offsets committed after the record
 *   is stored, so a crash redelivers and the log's record id keeps it once);</li>
 *   <li>this service's own, as its {@link AccessRecordSink}, straight from the recorder's thread. Its operator
 *   requests that name no tenant are skipped here: {@link OperatorActionAudit} records them already.</li>
 * </ul>
 * A record that is not an access record is logged (offsets only, never its content) and skipped. A record of an
 * offboarded tenant (e.g. a request refused with a token issued before the offboarding, or a command-side record that
 * arrives after the offboarding purged the trail) is not stored: nothing of the tenant is kept after offboarding.
 */
@Component
public class AccessAuditConsumer implements AccessRecordSink {

    static final String GROUP = "nlre-query-side-access-audit";
    private static final Logger log = LoggerFactory.getLogger(AccessAuditConsumer.class);

    private final AccessAuditLog accessAudit;
    private final ObjectMapper objectMapper;
    private final OffboardedTenants tenants;

    public AccessAuditConsumer(AccessAuditLog accessAudit, ObjectMapper objectMapper, OffboardedTenants tenants) {
        this.accessAudit = accessAudit;
        this.objectMapper = objectMapper;
        this.tenants = tenants;
    }

    @Override
    public void write(List<AccessRecord> batch) {
        batch.stream().filter(accessRecord -> accessRecord.tenantId() != null).forEach(this::storeUnlessOffboarded);
    }

    private void storeUnlessOffboarded(AccessRecord accessRecord) {
        if (accessRecord.tenantId() != null && TenantId.isValid(accessRecord.tenantId())
                && tenants.isOffboarded(new TenantId(accessRecord.tenantId()))) {
            log.debug("Access record of offboarded tenant {} not kept", accessRecord.tenantId());
            return;
        }
        accessAudit.store(accessRecord);
    }

    @KafkaListener(id = "access-audit", groupId = GROUP, topics = Topics.ACCESS_AUDIT)
    void onRecord(ConsumerRecord<String, String> record) {
        AccessRecord accessRecord;
        try {
            accessRecord = objectMapper.readValue(record.value(), AccessRecord.class);
        } catch (JsonProcessingException | IllegalArgumentException | NullPointerException e) {
            log.error("Skipping {}-{}@{}: not an access record ({})", record.topic(), record.partition(),
                    record.offset(), e.getClass().getSimpleName());
            return;
        }
        storeUnlessOffboarded(accessRecord);
    }
}
