package com.nlre.tenancy.query.tenant;

import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.consistency.ConsistencyWaiter;
import com.nlre.tenancy.query.web.ApiDescriptions;
import com.nlre.tenancy.web.ConsistencyToken;
import com.nlre.tenancy.web.ProblemException;
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
import org.springframework.web.bind.annotation.RestController;

/** The caller's own tenant's subscription; the tenant comes only from the credential ({@link TenantContext}). */
@RestController
@RequestMapping(path = "/api/v1/subscription", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Subscription", description = "The tenant's plan, status and trial or subscription end")
@SecurityRequirement(name = ApiDescriptions.BEARER_SCHEME)
@SecurityRequirement(name = ApiDescriptions.API_KEY_SCHEME)
public class SubscriptionQueryController {

    private final SubscriptionReadModel subscriptions;
    private final ConsistencyWaiter consistency;

    public SubscriptionQueryController(SubscriptionReadModel subscriptions, ConsistencyWaiter consistency) {
        this.subscriptions = subscriptions;
        this.consistency = consistency;
    }

    @GetMapping
    @PreAuthorize("hasAuthority('PERM_billing.view')")
    @Operation(summary = "The tenant's plan, status and when its trial or subscription ends",
            description = """
                    Needs permission billing.view. When the trial ends with no paid subscription running past it, \
                    or the subscription ends, the tenant is suspended: its data can still be read and exported, \
                    not changed, and statusReason says which end it was. New dates from a platform operator \
                    reactivate it.""", responses = {
            @ApiResponse(responseCode = "200", description = "The subscription",
                    headers = @Header(name = ConsistencyToken.REACHED_HEADER, description = ApiDescriptions.REACHED,
                            schema = @Schema(type = "boolean"))),
            @ApiResponse(responseCode = "400", description = "Malformed consistency token",
                    content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
            @ApiResponse(responseCode = "401", description = "No or invalid credentials",
                    content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
            @ApiResponse(responseCode = "403", description = "Missing billing.view, or the tenant is canceled",
                    content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
            @ApiResponse(responseCode = "404", description = "The tenant is not projected yet",
                    content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON))})
    public SubscriptionView subscription(
            @Parameter(in = ParameterIn.HEADER, name = ConsistencyToken.HEADER,
                    description = ApiDescriptions.TENANT_CONSISTENCY)
            @RequestHeader(name = ConsistencyToken.HEADER, required = false) @Nullable String consistencyToken,
            HttpServletResponse response) {
        TenantId tenantId = TenantContext.requireTenantId();
        consistency.awaitIfRequested(consistencyToken, tenantId).writeTo(response);
        return subscriptions.find(tenantId)
                .orElseThrow(() -> ProblemException.notFound("subscription", tenantId.value()));
    }
}
