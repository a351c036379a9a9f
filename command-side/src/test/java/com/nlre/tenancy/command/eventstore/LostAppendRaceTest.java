package com.nlre.tenancy.command.eventstore;

import com.nlre.tenancy.command.CommandSideIntegrationTest;
import com.nlre.tenancy.command.identity.IdentityCommands.AddTenantUser;
import com.nlre.tenancy.command.tenant.TenantCommands.SuspendTenant;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.common.Registration;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two writers (e.g. two command-side instances) append to the same aggregate at once: the loser must get Axon's
 * ConcurrencyException, never a generic storage error, and the client a 409 with nothing of its change stored.
 */
class LostAppendRaceTest extends CommandSideIntegrationTest {

    @Autowired
    private EventStorageEngine storageEngine;
    @Autowired
    private CommandBus commandBus;
    @Autowired
    private DataSource dataSource;
    @Autowired
    private JdbcTemplate jdbc;

    private Registration interceptor;

    @AfterEach
    void removeInterceptor() {
        if (interceptor != null) {
            interceptor.cancel();
        }
    }

    @Test
    void aDuplicateSequenceNumberSurfacesAsConcurrencyException() {
        String aggregateId = "race-" + UUID.randomUUID();
        storageEngine.appendEvents(new GenericDomainEventMessage<>("Tenant", aggregateId, 0, "created"));
        storageEngine.appendEvents(new GenericDomainEventMessage<>("Tenant", aggregateId, 1, "winner"));

        assertThatThrownBy(() -> storageEngine.appendEvents(
                new GenericDomainEventMessage<>("Tenant", aggregateId, 1, "loser")))
                .isInstanceOf(ConcurrencyException.class);
    }

    @Test
    void aClientThatLosesTheAppendRaceGets409AndNothingOfItsChangeIsStored() {
        String tenantId = createTenant();
        interceptor = commandBus.registerHandlerInterceptor(anotherInstanceWinsTheRaceFor(tenantId,
                command -> command instanceof SuspendTenant));

        Response response = send("POST", "/api/v1/tenants/" + tenantId + "/suspend", "{\"reason\":\"racing\"}");

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("type").asText()).isEqualTo("urn:nlre:problem:concurrent-change");
        assertThat(jdbc.queryForObject("select count(*) from domainevententry where aggregateidentifier = ? "
                + "and payloadtype like '%TenantSuspended'", Long.class, tenantId)).isZero();
    }

    @Test
    void aCredentialWrittenWithALostAppendIsRolledBackWithIt() {
        TenantOwner owner = createTenantWithOwner("correct horse battery staple");
        String token = login(owner);
        interceptor = commandBus.registerHandlerInterceptor(anotherInstanceWinsTheRaceFor(owner.tenantId(),
                command -> command instanceof AddTenantUser));

        Response response = asUser(token, "POST", "/api/v1/users",
                "{\"name\":\"Jane\",\"email\":\"jane@acmere.com\",\"role\":\"agent\",\"password\":\"long enough pass\"}");

        assertThat(response.status()).isEqualTo(409);
        assertThat(jdbc.queryForObject("select count(*) from user_credentials where tenant_id = ?", Long.class,
                owner.tenantId())).as("only the owner's").isEqualTo(1L);
    }

    /**
     * Just before this instance commits {@code command}, another writer appends the same aggregate's next event
     * through its own connection, as a second command-side instance would.
     */
    private MessageHandlerInterceptor<CommandMessage<?>> anotherInstanceWinsTheRaceFor(String aggregateId,
                                                                                        Predicate<Object> command) {
        return (unitOfWork, chain) -> {
            if (command.test(unitOfWork.getMessage().getPayload())
                    && aggregateId.equals(unitOfWork.getMessage().getMetaData().get("tenantId"))) {
                unitOfWork.onPrepareCommit(work -> appendFromAnotherWriter(aggregateId));
            }
            return chain.proceed();
        };
    }

    private void appendFromAnotherWriter(String aggregateId) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            long next;
            try (PreparedStatement max = connection.prepareStatement(
                    "select max(sequencenumber) from domainevententry where aggregateidentifier = ?")) {
                max.setString(1, aggregateId);
                try (ResultSet rows = max.executeQuery()) {
                    rows.next();
                    next = rows.getLong(1) + 1;
                }
            }
            // a complete row, as another instance writes it: the outbox reads it after this test
            try (PreparedStatement insert = connection.prepareStatement("insert into domainevententry "
                    + "(aggregateidentifier, sequencenumber, type, eventidentifier, metadata, payload, payloadtype, "
                    + "timestamp) values (?, ?, 'Tenant', ?, ?, ?, 'com.example.OtherWriter', ?)")) {
                insert.setString(1, aggregateId);
                insert.setLong(2, next);
                insert.setString(3, UUID.randomUUID().toString());
                insert.setBytes(4, "{}".getBytes(StandardCharsets.UTF_8));
                insert.setBytes(5, "{}".getBytes(StandardCharsets.UTF_8));
                insert.setString(6, Instant.now().toString());
                insert.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
