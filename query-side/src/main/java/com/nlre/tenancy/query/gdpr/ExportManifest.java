package com.nlre.tenancy.query.gdpr;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.Map;

/**
 * {@code manifest.json}, the last file of a tenant export's ZIP: what the export is and how much it holds.
 *
 * @param positionReached the event-store position of the last event in {@code history.ndjson} (0 with none): the
 *                        history is complete up to it
 * @param counts          records per file, by file name
 */
@Schema(name = "GdprExportManifest")
public record ExportManifest(int schemaVersion, String exportId, String tenantId, Instant generatedAt,
                             long positionReached, Map<String, Long> counts) {

    /** Changes whenever a file, field or meaning of the export changes in a way a reader must know. */
    public static final int SCHEMA_VERSION = 1;
}
