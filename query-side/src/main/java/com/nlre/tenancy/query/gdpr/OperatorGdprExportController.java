package com.nlre.tenancy.query.gdpr;

import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.tenant.TenantReadModel;
import com.nlre.tenancy.query.web.ApiDescriptions;
import com.nlre.tenancy.web.OpenApiDocs;
import com.nlre.tenancy.web.ProblemException;
import com.nlre.tenancy.web.RequestContextFilter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The GDPR exports of any tenant, for platform operators (HTTP Basic; every request is audited): the same answers as
 * the tenant's own routes, for the tenant the path names. An unknown tenant is a 404.
 */
@RestController
@RequestMapping("/api/v1/operator/tenants/{tenantId}/gdpr")
@SecurityRequirement(name = OpenApiDocs.OPERATOR_SCHEME)
@Tag(name = "GDPR export (operators)", description = "Any tenant's subject and tenant exports")
public class OperatorGdprExportController {

    private static final String EXPORTS = "/api/v1/operator/tenants/%s/gdpr/exports";
    private static final String UNKNOWN = "No tenant, or no such lead, user or job in it";

    private final SubjectExports subjects;
    private final TenantExports exports;
    private final TenantReadModel tenants;

    public OperatorGdprExportController(SubjectExports subjects, TenantExports exports, TenantReadModel tenants) {
        this.subjects = subjects;
        this.exports = exports;
        this.tenants = tenants;
    }

    @GetMapping(path = "/subjects/{subjectType}/{subjectId}/export", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Export everything a tenant holds about one data subject",
            description = GdprExportController.SUBJECT_DESCRIPTION, responses = {
            @ApiResponse(responseCode = "200", description = "The subject's export",
                    content = @Content(schema = @Schema(implementation = SubjectExport.class))),
            @ApiResponse(responseCode = "401", description = "No or invalid operator credentials",
                    content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
            @ApiResponse(responseCode = "404", description = UNKNOWN,
                    content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
            @ApiResponse(responseCode = "503", description = "The event store (command side) cannot be read",
                    content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON))})
    public SubjectExport subject(@PathVariable String tenantId, @PathVariable String subjectType,
                                 @PathVariable String subjectId) {
        TenantId tenant = known(tenantId);
        SubjectType type = GdprExportController.subjectType(subjectType);
        return GdprExportController.readable(() -> subjects.export(tenant, type, subjectId))
                .orElseThrow(() -> ProblemException.notFound(type.wireName(), subjectId));
    }

    @PostMapping(path = "/exports", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Start an export of the whole tenant", description = GdprExportController.JOB_DESCRIPTION,
            responses = {
                    @ApiResponse(responseCode = "202", description = "Queued; follow Location for progress",
                            content = @Content(schema = @Schema(implementation = ExportJobView.class))),
                    @ApiResponse(responseCode = "401", description = "No or invalid operator credentials",
                            content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
                    @ApiResponse(responseCode = "404", description = "No such tenant",
                            content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
                    @ApiResponse(responseCode = "409", description = "Another export of the tenant is queued or "
                            + "running", content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON))})
    public ResponseEntity<ExportJobView> start(@PathVariable String tenantId, Authentication operator) {
        TenantId tenant = known(tenantId);
        return GdprExportController.started(exports, tenant, operator.getName(), EXPORTS.formatted(tenant));
    }

    @GetMapping(path = "/exports", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "A tenant's export jobs that have not expired, newest first", responses = {
            @ApiResponse(responseCode = "200", description = "The jobs"),
            @ApiResponse(responseCode = "401", description = "No or invalid operator credentials",
                    content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
            @ApiResponse(responseCode = "404", description = "No such tenant",
                    content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON))})
    public GdprExportController.ExportJobList list(@PathVariable String tenantId) {
        TenantId tenant = known(tenantId);
        return new GdprExportController.ExportJobList(exports.list(tenant).stream()
                .map(job -> job.linkedUnder(EXPORTS.formatted(tenant))).toList());
    }

    @GetMapping(path = "/exports/{exportId}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "An export job's state and progress", responses = {
            @ApiResponse(responseCode = "200", description = "The job",
                    content = @Content(schema = @Schema(implementation = ExportJobView.class))),
            @ApiResponse(responseCode = "401", description = "No or invalid operator credentials",
                    content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
            @ApiResponse(responseCode = "404", description = UNKNOWN,
                    content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON))})
    public ExportJobView job(@PathVariable String tenantId, @PathVariable String exportId) {
        TenantId tenant = known(tenantId);
        return exports.find(tenant, exportId).map(job -> job.linkedUnder(EXPORTS.formatted(tenant)))
                .orElseThrow(() -> ProblemException.notFound("export", exportId));
    }

    @GetMapping(path = "/exports/{exportId}/download",
            produces = {GdprExportController.ZIP, ApiDescriptions.PROBLEM_JSON})
    @Operation(summary = "Download a completed export (application/zip)", responses = {
            @ApiResponse(responseCode = "200", description = "The ZIP",
                    content = @Content(mediaType = GdprExportController.ZIP)),
            @ApiResponse(responseCode = "401", description = "No or invalid operator credentials",
                    content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
            @ApiResponse(responseCode = "404", description = UNKNOWN + ", or it has not completed",
                    content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON))})
    public ResponseEntity<InputStreamResource> download(@PathVariable String tenantId, @PathVariable String exportId) {
        TenantId tenant = known(tenantId);
        return GdprExportController.zip(exports.file(tenant, exportId)
                .orElseThrow(() -> ProblemException.notFound("export", exportId)), exportId);
    }

    @DeleteMapping(path = "/exports/{exportId}")
    @Operation(summary = "Delete an export job and its file (a running job stops)", responses = {
            @ApiResponse(responseCode = "204", description = "Deleted"),
            @ApiResponse(responseCode = "401", description = "No or invalid operator credentials",
                    content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
            @ApiResponse(responseCode = "404", description = UNKNOWN,
                    content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON))})
    public ResponseEntity<Void> delete(@PathVariable String tenantId, @PathVariable String exportId) {
        if (!exports.delete(known(tenantId), exportId)) {
            throw ProblemException.notFound("export", exportId);
        }
        return ResponseEntity.noContent().build();
    }

    private TenantId known(String tenantId) {
        if (!TenantId.isValid(tenantId) || tenants.find(new TenantId(tenantId)).isEmpty()) {
            throw ProblemException.notFound("tenant", tenantId);
        }
        RequestContextFilter.tenantIs(tenantId);
        return new TenantId(tenantId);
    }
}
