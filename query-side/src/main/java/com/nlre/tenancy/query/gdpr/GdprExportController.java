package com.nlre.tenancy.query.gdpr;

import com.nlre.tenancy.events.identity.UserId;
import com.nlre.tenancy.events.lead.LeadId;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.audit.CrossTenantAttempts;
import com.nlre.tenancy.query.audit.TenantResource;
import com.nlre.tenancy.query.lead.LeadReadModel;
import com.nlre.tenancy.query.user.UserReadModel;
import com.nlre.tenancy.query.web.ApiDescriptions;
import com.nlre.tenancy.web.ProblemException;
import com.nlre.tenancy.web.ProblemTypes;
import com.nlre.tenancy.web.security.TenantContext;
import com.nlre.tenancy.web.security.TenantPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * GDPR exports of the caller's tenant (tenant from the credential, permission {@code gdpr.manage}): one data subject
 * as a JSON document, or the whole tenant as a ZIP built by a background job. Another tenant's subject or job is
 * answered exactly as an unknown one (404) and the attempt is audited.
 */
@RestController
@PreAuthorize("hasAuthority('PERM_gdpr.manage')")
@SecurityRequirement(name = ApiDescriptions.BEARER_SCHEME)
@SecurityRequirement(name = ApiDescriptions.API_KEY_SCHEME)
@Tag(name = "GDPR export", description = "Machine-readable exports of a data subject or of the whole tenant, built "
        + "from the event store's history and the current read models (schema: docs/gdpr-export.md)")
public class GdprExportController {

    private static final Logger log = LoggerFactory.getLogger(GdprExportController.class);

    static final String EXPORTS = "/api/v1/gdpr/exports";
    static final String SUBJECT_EXPORT = "/api/v1/gdpr/subjects/{subjectType}/{subjectId}/export";
    static final String ZIP = "application/zip";

    static final String SUBJECT_DESCRIPTION = """
            One JSON document (schemaVersion 1) about a lead (subjectType lead) or a tenant user (user): its current \
            data, consents, calls, its full change history from the event store (a lead's own events; for a user \
            every tenant event naming it), each event as its typed fields with personal data opened or shown as \
            "[erased]" once forgotten, and the access-audit records about it (for a user also its own requests).""";
    static final String JOB_DESCRIPTION = """
            Queues an export of every record of the tenant: a ZIP of JSON/NDJSON files (tenant, users, leads with \
            consents and calls, AI agents, usage ledger, invoices, the whole event history, access audit, and \
            manifest.json with counts and the event-store position reached). Follow Location for progress; the \
            finished job names its downloadUrl. Jobs and files expire (nlre.gdpr.export.expiry, 7 days).""";

    private final SubjectExports subjects;
    private final TenantExports exports;
    private final LeadReadModel leads;
    private final UserReadModel users;
    private final CrossTenantAttempts crossTenantAttempts;

    public GdprExportController(SubjectExports subjects, TenantExports exports, LeadReadModel leads,
                                UserReadModel users, CrossTenantAttempts crossTenantAttempts) {
        this.subjects = subjects;
        this.exports = exports;
        this.leads = leads;
        this.users = users;
        this.crossTenantAttempts = crossTenantAttempts;
    }

    /** The tenant's export jobs, newest first. */
    public record ExportJobList(List<ExportJobView> items) {
    }

    @GetMapping(path = SUBJECT_EXPORT, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Export everything about one data subject", description = SUBJECT_DESCRIPTION,
            responses = {
                    @ApiResponse(responseCode = "200", description = "The subject's export",
                            content = @Content(schema = @Schema(implementation = SubjectExport.class))),
                    @ApiResponse(responseCode = "401", description = "No or invalid credentials",
                            content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
                    @ApiResponse(responseCode = "403", description = "Missing gdpr.manage, or the tenant is canceled",
                            content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
                    @ApiResponse(responseCode = "404", description = "No such lead or user in the caller's tenant",
                            content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
                    @ApiResponse(responseCode = "503", description = "The event store (command side) cannot be read",
                            content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON))})
    public SubjectExport subject(@PathVariable String subjectType, @PathVariable String subjectId) {
        TenantId tenantId = TenantContext.requireTenantId();
        SubjectType type = subjectType(subjectType);
        return readable(() -> subjects.export(tenantId, type, subjectId)).orElseThrow(() -> switch (type) {
            case LEAD -> crossTenantAttempts.notFound(TenantResource.LEAD, subjectId, () -> LeadId.isValid(subjectId)
                    ? leads.tenantHolding(tenantId, new LeadId(subjectId)) : Optional.empty());
            case USER -> crossTenantAttempts.notFound(TenantResource.USER, subjectId, () -> UserId.isValid(subjectId)
                    ? users.tenantHolding(new UserId(subjectId)) : Optional.empty());
        });
    }

    @PostMapping(path = EXPORTS, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Start an export of the whole tenant", description = JOB_DESCRIPTION, responses = {
            @ApiResponse(responseCode = "202", description = "Queued; follow Location for progress",
                    content = @Content(schema = @Schema(implementation = ExportJobView.class))),
            @ApiResponse(responseCode = "401", description = "No or invalid credentials",
                    content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
            @ApiResponse(responseCode = "403", description = "Missing gdpr.manage, or the tenant's status refuses it",
                    content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
            @ApiResponse(responseCode = "409", description = "Another export of the tenant is queued or running "
                    + "(exportId names it)", content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON))})
    public ResponseEntity<ExportJobView> start() {
        TenantPrincipal caller = TenantContext.require();
        return started(exports, caller.tenantId(), caller.principalId(), EXPORTS);
    }

    @GetMapping(path = EXPORTS, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The tenant's export jobs that have not expired, newest first", responses = {
            @ApiResponse(responseCode = "200", description = "The jobs"),
            @ApiResponse(responseCode = "401", description = "No or invalid credentials",
                    content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
            @ApiResponse(responseCode = "403", description = "Missing gdpr.manage, or the tenant is canceled",
                    content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON))})
    public ExportJobList list() {
        return new ExportJobList(exports.list(TenantContext.requireTenantId()).stream()
                .map(job -> job.linkedUnder(EXPORTS)).toList());
    }

    @GetMapping(path = EXPORTS + "/{exportId}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "An export job's state and progress",
            description = "state queued, running, completed or failed; eventsRead and position while it reads the "
                    + "history; downloadUrl, sizeBytes and counts once completed; expiresAt.", responses = {
            @ApiResponse(responseCode = "200", description = "The job",
                    content = @Content(schema = @Schema(implementation = ExportJobView.class))),
            @ApiResponse(responseCode = "401", description = "No or invalid credentials",
                    content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
            @ApiResponse(responseCode = "403", description = "Missing gdpr.manage, or the tenant is canceled",
                    content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
            @ApiResponse(responseCode = "404", description = "No such job in the caller's tenant, or it expired",
                    content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON))})
    public ExportJobView job(@PathVariable String exportId) {
        TenantId tenantId = TenantContext.requireTenantId();
        return exports.find(tenantId, exportId).map(job -> job.linkedUnder(EXPORTS))
                .orElseThrow(() -> notFound(exportId));
    }

    @GetMapping(path = EXPORTS + "/{exportId}/download", produces = {ZIP, ApiDescriptions.PROBLEM_JSON})
    @Operation(summary = "Download a completed export (application/zip)", responses = {
            @ApiResponse(responseCode = "200", description = "The ZIP", content = @Content(mediaType = ZIP)),
            @ApiResponse(responseCode = "401", description = "No or invalid credentials",
                    content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
            @ApiResponse(responseCode = "403", description = "Missing gdpr.manage, or the tenant is canceled",
                    content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
            @ApiResponse(responseCode = "404", description = "No completed job with this id in the caller's tenant",
                    content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON))})
    public ResponseEntity<InputStreamResource> download(@PathVariable String exportId) {
        TenantId tenantId = TenantContext.requireTenantId();
        return zip(exports.file(tenantId, exportId).orElseThrow(() -> notFound(exportId)), exportId);
    }

    @DeleteMapping(path = EXPORTS + "/{exportId}")
    @Operation(summary = "Delete an export job and its file (a running job stops)", responses = {
            @ApiResponse(responseCode = "204", description = "Deleted"),
            @ApiResponse(responseCode = "401", description = "No or invalid credentials",
                    content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
            @ApiResponse(responseCode = "403", description = "Missing gdpr.manage, or the tenant's status refuses it",
                    content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
            @ApiResponse(responseCode = "404", description = "No such job in the caller's tenant",
                    content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON))})
    public ResponseEntity<Void> delete(@PathVariable String exportId) {
        if (!exports.delete(TenantContext.requireTenantId(), exportId)) {
            throw notFound(exportId);
        }
        return ResponseEntity.noContent().build();
    }

    private ProblemException notFound(String exportId) {
        return crossTenantAttempts.notFound(TenantResource.GDPR_EXPORT, exportId,
                () -> exports.tenantHolding(exportId));
    }

    static SubjectType subjectType(String value) {
        return SubjectType.parse(value).orElseThrow(() -> ProblemException.invalidParameter("subjectType",
                "must be lead or user"));
    }

    /** Runs a read of the event store, answering 503 when the command side cannot be read. */
    static <T> T readable(Supplier<T> read) {
        try {
            return read.get();
        } catch (EventStoreUnavailableException e) {
            log.warn("A GDPR subject export could not read the event store", e);
            throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.SERVICE_UNAVAILABLE,
                    "Service unavailable", "The event store cannot be read right now; retry shortly", Map.of());
        }
    }

    static ResponseEntity<ExportJobView> started(TenantExports exports, TenantId tenantId, String requestedBy,
                                                 String base) {
        ExportJobView job = exports.start(tenantId, requestedBy).orElseThrow(() -> new ProblemException(
                HttpStatus.CONFLICT, ProblemTypes.CONFLICT, "An export is running",
                "Another export of this tenant is queued or running; start this one when it has finished",
                exports.list(tenantId).stream()
                        .filter(running -> running.state() == ExportState.QUEUED
                                || running.state() == ExportState.RUNNING)
                        .findFirst().map(running -> Map.<String, Object>of("exportId", running.exportId()))
                        .orElse(Map.of()))).linkedUnder(base);
        return ResponseEntity.accepted().location(URI.create(base + "/" + job.exportId())).body(job);
    }

    static ResponseEntity<InputStreamResource> zip(TenantExports.StoredFile file, String exportId) {
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(ZIP))
                .contentLength(file.sizeBytes())
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(exportId + ".zip").build().toString())
                .body(new InputStreamResource(file.content()));
    }
}
