package com.nlre.tenancy.query;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.nlre.tenancy.localinfra.mongo.IndexedMemoryBackend;
import com.nlre.tenancy.query.consistency.ProjectionPositions;
import com.nlre.tenancy.query.data.MongoSchema;
import com.nlre.tenancy.query.data.TenantScopedMongo;
import de.bwaldvogel.mongo.MongoServer;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.UUID;

/** A MongoDB wire-protocol server in this JVM for tests without Spring; each {@link #freshTemplate()} is its own database. */
public final class InMemoryMongo implements AutoCloseable {

    private final MongoServer server;
    private final MongoClient client;

    public InMemoryMongo() {
        server = new MongoServer(new IndexedMemoryBackend());
        InetSocketAddress address = server.bind();
        client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort());
    }

    public MongoTemplate freshTemplate() {
        return new MongoTemplate(client, "test_" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** Projection positions in the given database, with their index. */
    public static ProjectionPositions positions(MongoTemplate template, Clock clock) {
        ProjectionPositions positions = new ProjectionPositions(new TenantScopedMongo(template), new MongoSchema(template),
                clock);
        positions.createIndexes();
        return positions;
    }

    @Override
    public void close() {
        client.close();
        server.shutdownNow();
    }
}
