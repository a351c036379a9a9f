package com.nlre.tenancy.query.dnc;

import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.consistency.ConsistencyWaiter;
import com.nlre.tenancy.query.web.ApiDescriptions;
import com.nlre.tenancy.query.web.CursorParameters;
import com.nlre.tenancy.web.ConsistencyToken;
import com.nlre.tenancy.web.security.TenantContext;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.lang.Nullable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The caller's tenant's do-not-call list; the tenant comes only from the credential ({@link TenantContext}). */
@RestController
@RequestMapping(path = "/api/v1/dnc", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Do-not-call", description = "The caller's tenant's do-not-call list")
@SecurityRequirement(name = ApiDescriptions.BEARER_SCHEME)
@SecurityRequirement(name = ApiDescriptions.API_KEY_SCHEME)
public class DncQueryController {

    private final DncReadModel numbers;
    private final ConsistencyWaiter consistency;

    public DncQueryController(DncReadModel numbers, ConsistencyWaiter consistency) {
        this.numbers = numbers;
        this.consistency = consistency;
    }

    @GetMapping
    @PreAuthorize("hasAuthority('PERM_leads.read')")
    @Operation(summary = "The numbers on the tenant's do-not-call list, by number, cursor-paginated",
            description = "Needs permission leads.read. The platform-wide list is not part of it.", responses = {
            @ApiResponse(responseCode = "200", description = "One page of numbers",
                    headers = @Header(name = ConsistencyToken.REACHED_HEADER, description = ApiDescriptions.REACHED,
                            schema = @Schema(type = "boolean"))),
            @ApiResponse(responseCode = "400", description = "Invalid limit, cursor or consistency token",
                    content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
            @ApiResponse(responseCode = "401", description = "No or invalid credentials",
                    content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
            @ApiResponse(responseCode = "403", description = "Missing leads.read, or the tenant is canceled",
                    content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON))})
    public DncPage list(
            @Parameter(description = "Numbers per page, 1 to 100")
            @RequestParam(defaultValue = CursorParameters.DEFAULT_LIMIT) int limit,
            @Parameter(description = "nextCursor of the previous page; absent for the first")
            @RequestParam(required = false) @Nullable String cursor,
            @Parameter(in = ParameterIn.HEADER, name = ConsistencyToken.HEADER,
                    description = ApiDescriptions.TENANT_CONSISTENCY)
            @RequestHeader(name = ConsistencyToken.HEADER, required = false) @Nullable String consistencyToken,
            HttpServletResponse response) {
        TenantId tenantId = TenantContext.requireTenantId();
        CursorParameters paging = new CursorParameters(limit, cursor);
        consistency.awaitIfRequested(consistencyToken, tenantId).writeTo(response);
        return numbers.list(tenantId, paging);
    }
}
