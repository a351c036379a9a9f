package com.nlre.tenancy.query.gdpr;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.projection.EventDecoder;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a tenant export as a ZIP, streaming: every record goes to the output as soon as it is read, so memory does
 * not grow with the tenant. Files, in this order ({@code docs/gdpr-export.md} describes each):
 * {@value #TENANT}, {@value #USERS}, {@value #LEADS}, {@value #AGENTS}, {@value #USAGE}, {@value #INVOICES},
 * {@value #HISTORY}, {@value #ACCESS_AUDIT} and, last, {@value #MANIFEST} with the counts.
 *
 * <p>Records are written with the HTTP object mapper as the API shows them; history events only as
 * {@link ExportedEvent}s, opened by the {@link EventDecoder}.
 */
public final class TenantExportWriter {

    public static final String TENANT = "tenant.json";
    public static final String USERS = "users.ndjson";
    public static final String LEADS = "leads.ndjson";
    public static final String AGENTS = "agents.ndjson";
    public static final String USAGE = "usage-ledger.ndjson";
    public static final String INVOICES = "invoices.ndjson";
    public static final String HISTORY = "history.ndjson";
    public static final String ACCESS_AUDIT = "access-audit.ndjson";
    public static final String MANIFEST = "manifest.json";

    /** Told after every page of history; may throw to stop the export (e.g. when its job was deleted). */
    public interface Progress {
        void historyRead(long events, long position);
    }

    private final ObjectMapper json;
    private final EventDecoder decoder;
    private final int pageSize;
    private final Clock clock;

    public TenantExportWriter(ObjectMapper json, EventDecoder decoder, int pageSize, Clock clock) {
        this.json = json;
        this.decoder = decoder;
        this.pageSize = pageSize;
        this.clock = clock;
    }

    /** Writes the whole ZIP to {@code out} and finishes it (without closing {@code out}). */
    public ExportManifest write(String exportId, TenantId tenantId, TenantExportSource source, OutputStream out,
                                Progress progress) {
        Map<String, Long> counts = new LinkedHashMap<>();
        try {
            ZipOutputStream zip = new ZipOutputStream(out);
            Object tenant = source.tenant();
            zip.putNextEntry(new ZipEntry(TENANT));
            zip.write(bytes(tenant));
            zip.closeEntry();
            counts.put(TENANT, tenant == null ? 0L : 1L);
            counts.put(USERS, lines(zip, USERS, source::users));
            counts.put(LEADS, lines(zip, LEADS, source::leads));
            counts.put(AGENTS, lines(zip, AGENTS, source::agents));
            counts.put(USAGE, lines(zip, USAGE, source::usageLedger));
            counts.put(INVOICES, lines(zip, INVOICES, source::invoices));
            long[] reached = history(zip, tenantId, source, progress);
            counts.put(HISTORY, reached[0]);
            counts.put(ACCESS_AUDIT, lines(zip, ACCESS_AUDIT, source::accessAudit));
            ExportManifest manifest = new ExportManifest(ExportManifest.SCHEMA_VERSION, exportId, tenantId.value(),
                    clock.instant(), reached[1], counts);
            zip.putNextEntry(new ZipEntry(MANIFEST));
            zip.write(bytes(manifest));
            zip.closeEntry();
            zip.finish();
            return manifest;
        } catch (IOException e) {
            throw new UncheckedIOException("the export could not be written", e);
        }
    }

    /** @return events written and the position of the last */
    private long[] history(ZipOutputStream zip, TenantId tenantId, TenantExportSource source, Progress progress)
            throws IOException {
        zip.putNextEntry(new ZipEntry(HISTORY));
        long events = 0;
        long position = 0;
        while (true) {
            List<String> page = source.historyPage(position, pageSize);
            for (String line : page) {
                ExportedEvent event = ExportedEvent.decode(decoder, tenantId, line);
                if (event.position() <= position) {
                    throw new IllegalStateException("the history sent event " + event.eventId()
                            + " out of order after position " + position);
                }
                zip.write(bytes(event));
                zip.write('\n');
                position = event.position();
                events++;
            }
            progress.historyRead(events, position);
            if (page.size() < pageSize) {
                break;
            }
        }
        zip.closeEntry();
        return new long[]{events, position};
    }

    private long lines(ZipOutputStream zip, String name, Consumer<Consumer<Object>> records) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        long[] count = {0};
        records.accept(record -> {
            try {
                zip.write(bytes(record));
                zip.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            count[0]++;
        });
        zip.closeEntry();
        return count[0];
    }

    private byte[] bytes(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a record of the export could not be written as JSON", e);
        }
    }
}
