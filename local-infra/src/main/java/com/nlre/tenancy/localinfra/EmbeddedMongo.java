package com.nlre.tenancy.localinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import io.netty.channel.Channel;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MongoDB wire-protocol server ({@code mongo-java-server}) inside this JVM, listening on 127.0.0.1 only, storing
 * its data in one H2 MVStore file so documents survive a restart. It has no transactions or sessions, no TTL expiry,
 * and ignores non-unique secondary indexes: a development stand-in, never a production database.
 */
public final class EmbeddedMongo implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongo.class);

    private final Path file;
    private final int requestedPort;
    private final boolean oplog;
    private MongoServer server;
    private int boundPort = -1;

    /** @param port the port to listen on, 0 for any free one */
    public EmbeddedMongo(Path file, int port) {
        this(file, port, false);
    }

    /** @param oplog whether to keep an oplog, which change streams need; it grows without bound */
    public EmbeddedMongo(Path file, int port, boolean oplog) {
        if (port < 0) {
            throw new IllegalArgumentException("Invalid MongoDB port " + port);
        }
        this.file = file.toAbsolutePath().normalize();
        this.requestedPort = port;
        this.oplog = oplog;
    }

    public synchronized void start() {
        if (server != null) {
            throw new IllegalStateException("MongoDB server already started");
        }
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + file.getParent(), e);
        }
        MongoServer started = new MongoServer(new CommitOnWriteH2Backend(MVStore.open(file.toString())));
        try {
            if (oplog) {
                started.enableOplog();
            }
            started.bind("127.0.0.1", requestedPort);
        } catch (RuntimeException e) {
            started.shutdownNow();
            throw new IllegalStateException("MongoDB server failed to start on 127.0.0.1:" + requestedPort
                    + " with file " + file, e);
        }
        InetSocketAddress address = started.getLocalAddress();
        boundPort = address.getPort();
        server = started;
    }

    /** Closes client connections and the store file; a no-op when not running. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.shutdownNow();
        } catch (RuntimeException e) {
            log.warn("MongoDB server did not shut down cleanly", e);
        }
        server = null;
    }

    @Override
    public void close() {
        stop();
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("MongoDB server not started");
        }
        return boundPort;
    }

    /** The connection string without a database, e.g. {@code mongodb://127.0.0.1:27017}. */
    public String connectionString() {
        return "mongodb://127.0.0.1:" + port();
    }

    public Path file() {
        return file;
    }

    /**
     * Writes each change to the store file before the command is answered, so an acknowledged write survives the
     * process being killed (a plain MVStore commits in the background, up to a second later). A projection may
     * commit its Kafka offset as soon as Mongo acknowledges, so a lost acknowledged write would never be redone.
     */
    private static final class CommitOnWriteH2Backend extends H2Backend {

        private final MVStore store;

        CommitOnWriteH2Backend(MVStore store) {
            super(store);
            this.store = store;
        }

        @Override
        public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
            try {
                return super.handleCommand(channel, databaseName, command, query);
            } finally {
                commitPendingChanges();
            }
        }

        @Override
        public Document handleMessage(MongoMessage message) {
            try {
                return super.handleMessage(message);
            } finally {
                commitPendingChanges();
            }
        }

        private void commitPendingChanges() {
            if (!store.isClosed() && store.hasUnsavedChanges()) {
                store.commit();
            }
        }
    }
}
