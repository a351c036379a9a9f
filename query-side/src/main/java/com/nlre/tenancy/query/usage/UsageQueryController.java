package com.nlre.tenancy.query.usage;

import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.billing.BillingTermsProjection;
import com.nlre.tenancy.query.consistency.ConsistencyWaiter;
import com.nlre.tenancy.query.tenant.TenantSettings;
import com.nlre.tenancy.query.tenant.TenantSettingsReadModel;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.YearMonth;
import java.util.regex.Pattern;

/** The caller's tenant's usage ledger; the tenant comes only from the credential ({@link TenantContext}). */
@RestController
@RequestMapping(path = "/api/v1/usage", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Usage", description = "The tenant's metered usage per billing period, against its plan's limits")
@SecurityRequirement(name = ApiDescriptions.BEARER_SCHEME)
@SecurityRequirement(name = ApiDescriptions.API_KEY_SCHEME)
public class UsageQueryController {

    private static final Pattern PERIOD = Pattern.compile("\\d{4}-\\d{2}");

    private final UsageReadModel usage;
    private final TenantSettingsReadModel tenants;
    private final ConsistencyWaiter consistency;
    private final BillingTermsProjection terms;
    private final Clock clock;

    public UsageQueryController(UsageReadModel usage, TenantSettingsReadModel tenants, ConsistencyWaiter consistency,
                                BillingTermsProjection terms, Clock clock) {
        this.usage = usage;
        this.terms = terms;
        this.tenants = tenants;
        this.consistency = consistency;
        this.clock = clock;
    }

    @GetMapping
    @PreAuthorize("hasAnyAuthority('PERM_billing.view', 'PERM_analytics.view')")
    @Operation(summary = "The tenant's usage in one billing period, per meter, with limits and remaining",
            description = """
                    Needs permission billing.view or analytics.view. Billing periods are calendar months in the \
                    tenant's time zone. calls and call_minutes (every started minute of a logged call; refused calls \
                    never count) are the period's; leads, users, agents (AI agents) and storage_bytes (bytes of call \
                    recordings) are what the tenant holds now, all time. limit and remaining are null when the plan \
                    sets no limit; calls may go overageAllowance beyond the limit where the plan sells overage \
                    (billed per call). Each event counts once, however often it \
                    is delivered. asOf says how current the figures are: the ledger entries included, when the \
                    newest of their events occurred and the highest event-store position among them.""", responses = {
            @ApiResponse(responseCode = "200", description = "The period's usage",
                    headers = @Header(name = ConsistencyToken.REACHED_HEADER, description = ApiDescriptions.REACHED,
                            schema = @Schema(type = "boolean"))),
            @ApiResponse(responseCode = "400", description = "Invalid period or consistency token",
                    content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
            @ApiResponse(responseCode = "401", description = "No or invalid credentials",
                    content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
            @ApiResponse(responseCode = "403", description = "Missing billing.view and analytics.view, or the "
                    + "tenant is canceled", content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON))})
    public UsageReport usage(
            @Parameter(description = "Billing month YYYY-MM; the current one in the tenant's time zone if absent",
                    example = "2026-11")
            @RequestParam(required = false) @Nullable String period,
            @Parameter(in = ParameterIn.HEADER, name = ConsistencyToken.HEADER,
                    description = ApiDescriptions.TENANT_CONSISTENCY)
            @RequestHeader(name = ConsistencyToken.HEADER, required = false) @Nullable String consistencyToken,
            HttpServletResponse response) {
        TenantId tenantId = TenantContext.requireTenantId();
        YearMonth requested = parse(period);
        consistency.awaitIfRequested(consistencyToken, tenantId).writeTo(response);
        TenantSettings settings = tenants.settingsOf(tenantId);
        YearMonth billingMonth = requested != null ? requested : YearMonth.now(clock.withZone(settings.zone()));
        return usage.report(tenantId, billingMonth, settings, terms.termsOf(tenantId).currentPricing());
    }

    @Nullable
    private static YearMonth parse(@Nullable String period) {
        if (period == null || period.isBlank()) {
            return null;
        }
        if (!PERIOD.matcher(period).matches()) {
            throw ProblemException.invalidParameter("period", "must be a month as YYYY-MM");
        }
        try {
            return YearMonth.parse(period);
        } catch (DateTimeException e) {
            throw ProblemException.invalidParameter("period", "must be a month as YYYY-MM");
        }
    }
}
