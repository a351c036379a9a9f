package com.nlre.tenancy.query.rebuild;

import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.web.ApiDescriptions;
import com.nlre.tenancy.web.OpenApiDocs;
import com.nlre.tenancy.web.ProblemException;
import com.nlre.tenancy.web.ProblemTypes;
import com.nlre.tenancy.web.RequestContextFilter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.lang.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.Map;

/** Read-model rebuilds from the event store, for platform operators (HTTP Basic; every request is audited). */
@RestController
@RequestMapping(path = "/api/v1/operator/rebuilds", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Read-model rebuilds (operators)",
        description = "Rebuild the read models of all tenants or of one from the event store, then switch to them")
@SecurityRequirement(name = OpenApiDocs.OPERATOR_SCHEME)
public class RebuildController {

    private final Rebuilds rebuilds;

    public RebuildController(Rebuilds rebuilds) {
        this.rebuilds = rebuilds;
    }

    /** @param tenantId the one tenant to rebuild; absent to rebuild every tenant's read models */
    public record RebuildRequest(@Nullable String tenantId) {
    }

    @PostMapping
    @Operation(summary = "Start a rebuild",
            description = "Reads the command side's event stream into a shadow generation of the read models while "
                    + "queries keep answering from the live one, catches up to the stream's end while live projection "
                    + "waits, then switches: for all tenants the shadow generation becomes live; for one tenant its "
                    + "documents replace that tenant's in the live read models (others are untouched). One rebuild "
                    + "runs at a time. Without a body, or with no tenantId, every tenant is rebuilt.",
            responses = {
                    @ApiResponse(responseCode = "202", description = "Started; follow Location for progress"),
                    @ApiResponse(responseCode = "400", description = "tenantId is not a tenant id",
                            content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
                    @ApiResponse(responseCode = "401", description = "No or invalid operator credentials",
                            content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
                    @ApiResponse(responseCode = "409", description = "Another rebuild is running (its id is "
                            + "rebuildId)", content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON))})
    public ResponseEntity<RebuildView> start(@RequestBody(required = false) @Nullable RebuildRequest request) {
        TenantId tenantId = null;
        if (request != null && request.tenantId() != null) {
            if (!TenantId.isValid(request.tenantId())) {
                throw ProblemException.invalidParameter("tenantId", "is not a tenant id");
            }
            RequestContextFilter.tenantIs(request.tenantId());
            tenantId = new TenantId(request.tenantId());
        }
        RebuildView started = rebuilds.start(tenantId).orElseThrow(() -> new ProblemException(HttpStatus.CONFLICT,
                ProblemTypes.CONFLICT, "A rebuild is running",
                "Another rebuild is running; start this one when it has finished",
                rebuilds.running().map(running -> Map.<String, Object>of("rebuildId", running.rebuildId()))
                        .orElse(Map.of())));
        return ResponseEntity.accepted().location(URI.create("/api/v1/operator/rebuilds/" + started.rebuildId()))
                .body(started);
    }

    @GetMapping("/{rebuildId}")
    @Operation(summary = "A rebuild's progress",
            description = "State, events read and the event-store position reached. Rebuilds are known to the "
                    + "instance that runs them until it restarts.",
            responses = {
                    @ApiResponse(responseCode = "200", description = "The rebuild",
                            content = @Content(schema = @Schema(implementation = RebuildView.class))),
                    @ApiResponse(responseCode = "401", description = "No or invalid operator credentials",
                            content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
                    @ApiResponse(responseCode = "404", description = "No rebuild with this id",
                            content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON))})
    public RebuildView get(@PathVariable String rebuildId) {
        return rebuilds.find(rebuildId).orElseThrow(() -> ProblemException.notFound("rebuild", rebuildId));
    }
}
