package com.nlre.tenancy.localinfra.mongo;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * An append-only file of write commands, each one BSON document {@code {d: database, c: command}} (BSON documents
 * carry their own length, so they follow each other without framing). A command is appended after it was applied and
 * before it is acknowledged: the operating system holds it once {@link #append} returns, so it survives the process
 * being killed (not a power cut: there is no fsync per write). A record cut short by a kill is the tail of the file
 * and is dropped when the file is read back.
 */
final class MongoJournal implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MongoJournal.class);
    private static final String DATABASE = "d";
    private static final String COMMAND = "c";
    private static final int MAX_RECORD_BYTES = 64 << 20;

    /** One journaled command. */
    record Entry(String database, Document command) {
    }

    private final FileChannel channel;

    private MongoJournal(FileChannel channel) {
        this.channel = channel;
    }

    /** Opens the file for appending; it must have been {@link #read} (so any torn tail is gone) or not exist. */
    static MongoJournal openForAppend(Path file) {
        try {
            return new MongoJournal(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open MongoDB journal " + file, e);
        }
    }

    synchronized void append(Entry entry) {
        try {
            writeFully(channel, encode(entry));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot append to the MongoDB journal", e);
        }
    }

    /**
     * Hands every complete record of the file to {@code replay}, in order, then cuts off a torn or unreadable tail.
     *
     * @return how many records were read
     */
    static long read(Path file, Consumer<Entry> replay) {
        if (!Files.exists(file)) {
            return 0;
        }
        long records = 0;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            long position = 0;
            ByteBuffer length = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            while (position < size) {
                length.clear();
                if (size - position < 4 || channel.read(length, position) < 4) {
                    break;
                }
                int recordBytes = length.getInt(0);
                if (recordBytes < 5 || recordBytes > MAX_RECORD_BYTES || position + recordBytes > size) {
                    break;
                }
                ByteBuffer record = ByteBuffer.allocate(recordBytes);
                channel.read(record, position);
                record.flip();
                Entry entry;
                try {
                    entry = decode(record);
                } catch (RuntimeException e) {
                    log.warn("MongoDB journal {}: unreadable record at byte {}; it and what follows are dropped", file,
                            position, e);
                    break;
                }
                replay.accept(entry);
                records++;
                position += recordBytes;
            }
            if (position < size) {
                log.warn("MongoDB journal {}: dropping {} bytes of a record cut short at byte {}", file,
                        size - position, position);
                channel.truncate(position);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read MongoDB journal " + file, e);
        }
        return records;
    }

    /** Replaces the file, atomically, by one holding {@code entries}: how the journal is compacted. */
    static void rewrite(Path file, Stream<Entry> entries) {
        Path next = file.resolveSibling(file.getFileName() + ".next");
        try (FileChannel channel = FileChannel.open(next, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            entries.forEach(entry -> {
                try {
                    writeFully(channel, encode(entry));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            channel.force(true);
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalStateException("Cannot write the compacted MongoDB journal " + next, e);
        }
        try {
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot replace MongoDB journal " + file, e);
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    private static ByteBuffer encode(Entry entry) {
        ByteBuf buffer = Unpooled.buffer();
        try {
            BsonEncoder.encodeDocument(new Document(DATABASE, entry.database()).append(COMMAND, entry.command()),
                    buffer);
            byte[] bytes = new byte[buffer.readableBytes()];
            buffer.readBytes(bytes);
            return ByteBuffer.wrap(bytes);
        } finally {
            buffer.release();
        }
    }

    private static Entry decode(ByteBuffer record) {
        ByteBuf buffer = Unpooled.wrappedBuffer(record);
        try {
            Document document = BsonDecoder.decodeBson(buffer);
            return new Entry((String) document.get(DATABASE), (Document) document.get(COMMAND));
        } finally {
            buffer.release();
        }
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            log.warn("Closing the MongoDB journal failed", e);
        }
    }
}
