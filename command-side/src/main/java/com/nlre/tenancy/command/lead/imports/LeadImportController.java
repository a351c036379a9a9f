package com.nlre.tenancy.command.lead.imports;

import com.nlre.tenancy.command.idempotency.IdempotentCreation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.RuntimeJsonMappingException;
import com.nlre.tenancy.command.identity.Actor;
import com.nlre.tenancy.command.web.BoundedBody;
import com.nlre.tenancy.web.OpenApiDocs;
import com.nlre.tenancy.web.ProblemException;
import com.nlre.tenancy.web.ProblemTypes;
import com.nlre.tenancy.web.security.TenantContext;
import com.nlre.tenancy.web.security.TenantPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Lead imports from CSV files, run in the background as jobs of the caller's tenant. A job of another tenant is
 * answered 404 exactly like an unknown one.
 */
@RestController
@RequestMapping("/api/v1/leads/imports")
@Tag(name = "Lead imports", description = "Bulk lead import from CSV, with progress and per-row errors")
@SecurityRequirement(name = OpenApiDocs.BEARER_SCHEME)
@SecurityRequirement(name = OpenApiDocs.API_KEY_SCHEME)
public class LeadImportController {

    static final int MAX_BYTES = 5 * 1024 * 1024;
    static final int MAX_ROWS = 10_000;
    private static final Set<String> REQUIRED_COLUMNS = Set.of("name", "phone");

    private final LeadImporter importer;
    private final LeadImportJobs jobs;

    public LeadImportController(LeadImporter importer, LeadImportJobs jobs) {
        this.importer = importer;
        this.jobs = jobs;
    }

    @Operation(summary = "Import leads from a CSV file (leads.write)",
            description = "Body `text/csv` with a header row, at most 5 MB (413 beyond) and " + MAX_ROWS + " rows "
                    + "(400 beyond). Columns, in any order and case: `name` and `phone` (required; several numbers "
                    + "separated by `;`), `leadId`, `email`, `street`, `city`, `state`, `postalCode`, `timezone`, "
                    + "`source`, `tags` (`;`-separated); others are ignored. Answers 202 with the job; follow its "
                    + "Location for progress. Each row is added as the caller, with the same rules as a lead added "
                    + "over the API. A row without `leadId` gets one derived from its primary number and name, and a "
                    + "lead id already used counts as already present, so uploading the same file again is safe and "
                    + "finishes an interrupted import.")
    @PreAuthorize("hasAuthority('PERM_leads.write')")
    // the rows are added by a background thread, which cannot see this request's uncommitted job: not atomic (and
    // uploading the same file again adds nothing twice anyway)
    @IdempotentCreation(atomic = false)
    @PostMapping(consumes = {"text/csv", MediaType.TEXT_PLAIN_VALUE})
    public ResponseEntity<?> upload(HttpServletRequest request) {
        TenantPrincipal caller = TenantContext.require();
        String csv = BoundedBody.utf8(BoundedBody.read(request, MAX_BYTES), "body");
        LeadCsv.Parsed parsed = parse(csv);
        Optional<String> jobId = importer.submit(caller.tenantId(), Actor.of(caller), parsed);
        if (jobId.isEmpty()) {
            ProblemDetail busy = ProblemTypes.problem(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.SERVICE_UNAVAILABLE,
                    "Service unavailable", "Too many imports are waiting; nothing was stored. Retry in a minute.");
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "60").body(busy);
        }
        LeadImportJobs.Job job = jobs.find(caller.tenantId(), jobId.get()).orElseThrow();
        return ResponseEntity.accepted().location(URI.create("/api/v1/leads/imports/" + job.jobId())).body(job);
    }

    @Operation(summary = "An import job's progress and row errors (leads.read or leads.write)",
            description = "`status` is queued, running, completed, failed or interrupted (the service stopped: upload "
                    + "the same file again to finish). `processed` = `created` + `alreadyPresent` + `failed` of "
                    + "`total` rows; `errors` holds the first 1,000 failed rows by line (the header is line 1) with "
                    + "the column at fault.")
    @PreAuthorize("hasAnyAuthority('PERM_leads.read', 'PERM_leads.write')")
    @GetMapping("/{jobId}")
    public LeadImportJobs.Job job(@PathVariable String jobId) {
        TenantPrincipal caller = TenantContext.require();
        return Optional.of(jobId).filter(LeadImporter::isJobId)
                .flatMap(id -> jobs.find(caller.tenantId(), id))
                .orElseThrow(() -> ProblemException.notFound("resource", jobId));
    }

    private static LeadCsv.Parsed parse(String csv) {
        String header = csv.lines().findFirst().orElse("");
        Set<String> columns = Arrays.stream(header.split(","))
                .map(column -> column.strip().replace("\"", "").toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        if (!columns.containsAll(REQUIRED_COLUMNS)) {
            throw ProblemException.invalidParameter("body",
                    "the first line must be a header naming at least the columns name and phone");
        }
        LeadCsv.Parsed parsed;
        try {
            parsed = LeadCsv.parse(new StringReader(csv), MAX_ROWS + 1);
        } catch (IOException | RuntimeJsonMappingException e) {
            throw ProblemException.invalidParameter("body", "is not valid CSV" + lineOf(e));
        }
        if (parsed.total() > MAX_ROWS) {
            throw ProblemException.invalidParameter("body", "must hold at most " + MAX_ROWS + " rows");
        }
        if (parsed.total() == 0) {
            throw ProblemException.invalidParameter("body", "holds no rows below its header");
        }
        return parsed;
    }

    private static String lineOf(Exception e) {
        Throwable cause = e;
        while (cause != null && !(cause instanceof JsonProcessingException)) {
            cause = cause.getCause();
        }
        if (cause instanceof JsonProcessingException json && json.getLocation() != null
                && json.getLocation().getLineNr() > 0) {
            return " (line " + json.getLocation().getLineNr() + ")";
        }
        return "";
    }
}
