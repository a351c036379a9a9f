package com.nlre.tenancy.localinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import com.nlre.tenancy.localinfra.mongo.JournaledMemoryBackend;
import de.bwaldvogel.mongo.MongoServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MongoDB wire-protocol server ({@code mongo-java-server}) inside this JVM, listening on 127.0.0.1 only. Documents
 * live in memory and every write is appended to one journal file before it is acknowledged, so they survive a restart
 * and a kill ({@link JournaledMemoryBackend}); a {@value #LEGACY_FILE} file of the former H2 store beside the journal
 * is taken over once. Indexes serve queries as MongoDB's would (unique ones by their keys, others by their leading
 * key). It has no transactions or sessions and no TTL expiry: a development stand-in, never a production database.
 */
public final class EmbeddedMongo implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongo.class);

    /** The file name of the H2 store earlier versions kept beside the journal. */
    public static final String LEGACY_FILE = "mongo.mv";

    private final Path file;
    private final int requestedPort;
    private final boolean oplog;
    private MongoServer server;
    private int boundPort = -1;

    /**
     * @param file the journal file
     * @param port the port to listen on, 0 for any free one
     */
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
        MongoServer started = new MongoServer(JournaledMemoryBackend.open(file, file.resolveSibling(LEGACY_FILE)));
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

    /** Closes client connections and the journal; a no-op when not running. */
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
}
