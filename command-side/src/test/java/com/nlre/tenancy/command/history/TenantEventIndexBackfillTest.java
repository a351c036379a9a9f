package com.nlre.tenancy.command.history;

import com.nlre.tenancy.testsupport.TestInfrastructure;
import com.nlre.tenancy.testsupport.TestInfrastructure.JdbcTarget;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.time.OffsetDateTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** V9 indexes the events stored before it, deriving each row's tenant, type and time from the stored columns. */
class TenantEventIndexBackfillTest {

    private static final String TENANT = "tenant_k3v9q2m8x4t7c1bd";
    private static final String OTHER = "tenant_aaaabbbbccccdddd";

    @Test
    void indexesEveryEventStoredBeforeTheMigrationUnderItsTenant() {
        JdbcTarget target = TestInfrastructure.relationalDatabase();
        DriverManagerDataSource dataSource = new DriverManagerDataSource(target.url(), target.username(),
                target.password());
        if (target.schema() != null) {
            dataSource.setSchema(target.schema());
        }
        migrate(target, "8");
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        stored(jdbc, TENANT, 0, "com.nlre.tenancy.events.tenant.TenantCreated", "2026-11-24T15:00:00.123Z");
        stored(jdbc, TENANT + ".crm-1", 0, "com.nlre.tenancy.events.lead.LeadAdded", "2026-11-24T15:00:01.123456Z");
        stored(jdbc, OTHER + ".crm-1", 0, "com.nlre.tenancy.events.lead.LeadAdded", "2026-11-24T15:00:02Z");
        stored(jdbc, TENANT + ".dnc", 0, "com.nlre.tenancy.events.lead.DoNotCallNumberAdded",
                "2026-11-24T15:00:03.5Z");

        migrate(target, "9");

        List<Map<String, Object>> rows = jdbc.queryForList("select i.tenant_id, i.aggregate_id, i.sequence_number, "
                + "i.event_type, i.occurred_at from tenant_event_index i join domainevententry e "
                + "on e.globalindex = i.global_index order by i.global_index");
        assertThat(rows).extracting(row -> row.get("tenant_id"), row -> row.get("aggregate_id"),
                        row -> row.get("event_type"))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(TENANT, TENANT, "TenantCreated"),
                        org.assertj.core.groups.Tuple.tuple(TENANT, TENANT + ".crm-1", "LeadAdded"),
                        org.assertj.core.groups.Tuple.tuple(OTHER, OTHER + ".crm-1", "LeadAdded"),
                        org.assertj.core.groups.Tuple.tuple(TENANT, TENANT + ".dnc", "DoNotCallNumberAdded"));
        List<OffsetDateTime> times = jdbc.query("select occurred_at from tenant_event_index order by global_index",
                (row, index) -> row.getObject(1, OffsetDateTime.class));
        assertThat(times).extracting(OffsetDateTime::toInstant).containsExactly(
                Instant.parse("2026-11-24T15:00:00.123Z"), Instant.parse("2026-11-24T15:00:01.123456Z"),
                Instant.parse("2026-11-24T15:00:02Z"), Instant.parse("2026-11-24T15:00:03.5Z"));
    }

    private static void migrate(JdbcTarget target, String version) {
        var configuration = Flyway.configure()
                .dataSource(target.url(), target.username(), target.password())
                .locations("classpath:db/migration")
                .target(version);
        if (target.schema() != null) {
            configuration.schemas(target.schema()).defaultSchema(target.schema());
        }
        configuration.load().migrate();
    }

    private static void stored(JdbcTemplate jdbc, String aggregateId, long sequence, String payloadType,
                               String timestamp) {
        jdbc.update("insert into domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier, "
                        + "metadata, payload, payloadrevision, payloadtype, timestamp) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                aggregateId, sequence, aggregateId.contains(".") ? "Lead" : "Tenant",
                java.util.UUID.randomUUID().toString(), "{}".getBytes(), "{}".getBytes(), "1", payloadType, timestamp);
    }
}
