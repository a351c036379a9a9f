package com.nlre.tenancy.command.tenant;

import com.nlre.tenancy.command.idempotency.IdempotentCreation;
import com.nlre.tenancy.command.tenant.TenantCommands.CancelTenant;
import com.nlre.tenancy.command.tenant.TenantCommands.ChangeTenantPlan;
import com.nlre.tenancy.command.tenant.TenantCommands.CreateTenant;
import com.nlre.tenancy.command.tenant.TenantCommands.OffboardTenant;
import com.nlre.tenancy.command.tenant.TenantCommands.ReactivateTenant;
import com.nlre.tenancy.command.tenant.TenantCommands.SuspendTenant;
import com.nlre.tenancy.command.tenant.TenantCommands.UpdateTenantBranding;
import com.nlre.tenancy.command.tenant.TenantCommands.UpdateTenantConfiguration;
import com.nlre.tenancy.command.billing.PriceSheet;
import com.nlre.tenancy.command.identity.CredentialHash;
import com.nlre.tenancy.command.identity.credentials.Passwords;
import com.nlre.tenancy.command.rules.InvalidCommand;
import com.nlre.tenancy.command.web.CommandAccepted;
import com.nlre.tenancy.command.web.CommandDispatcher;
import com.nlre.tenancy.events.identity.UserId;
import com.nlre.tenancy.events.tenant.Branding;
import com.nlre.tenancy.events.tenant.BusinessType;
import com.nlre.tenancy.events.tenant.OwnerContact;
import com.nlre.tenancy.events.tenant.Plan;
import com.nlre.tenancy.events.tenant.PlanLimits;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.web.ConsistencyToken;
import com.nlre.tenancy.web.ProblemException;
import com.nlre.tenancy.web.RequestContextFilter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Instant;

/** The tenant lifecycle, for platform operators only. Reads are served by the query side at the same paths. */
@RestController
@RequestMapping("/api/v1/tenants")
@Tag(name = "Tenants", description = "Tenant lifecycle (platform operators)")
public class TenantCommandController {

    private static final String MERGE_PATCH_JSON = "application/merge-patch+json";

    private final CommandDispatcher dispatcher;
    private final Passwords passwords;

    public TenantCommandController(CommandDispatcher dispatcher, Passwords passwords) {
        this.dispatcher = dispatcher;
        this.passwords = passwords;
    }

    /**
     * @param limits        enterprise only: negotiated limits (omit a limit for unlimited)
     * @param pricing       enterprise only: negotiated prices; otherwise the plan's catalogue prices apply
     * @param configuration optional; any field left out takes the platform default
     * @param ownerPassword optional, at least 12 characters; when left out a temporary one is generated and answered
     *                      once as {@code initialOwnerPassword}
     */
    public record CreateTenantRequest(String businessName, BusinessType businessType, OwnerContact owner, Plan plan,
                                      PlanLimits limits, PriceSheet pricing, Instant trialEndsAt, Instant subscriptionEndsAt,
                                      ConfigurationPatch configuration, Branding branding, String ownerPassword) {

        @Override
        public String toString() {
            return "CreateTenantRequest[" + businessName + "]";
        }
    }

    /**
     * @param ownerUserId          the owner, a tenant user who logs in at {@code POST /api/v1/auth/token}
     * @param initialOwnerPassword only when no {@code ownerPassword} was given; shown only here
     */
    public record TenantCreatedAnswer(String tenantId, String aggregateId, String consistencyToken, String ownerUserId,
                                      String initialOwnerPassword) {

        @Override
        public String toString() {
            return "TenantCreatedAnswer[" + tenantId + "]";
        }
    }

    /** @param limits and {@code pricing}: enterprise only, the negotiated terms */
    public record ChangePlanRequest(Plan plan, PlanLimits limits, PriceSheet pricing) {
    }

    public record ReasonRequest(String reason) {
    }

    @Operation(summary = "Create a tenant and its owner",
            description = "Answers 201 with the new tenant's id, its owner's user id and a consistency token. Without "
                    + "`ownerPassword` a temporary password is generated and answered once as `initialOwnerPassword`.")
    @IdempotentCreation(secretFields = "initialOwnerPassword")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<TenantCreatedAnswer> create(@RequestBody CreateTenantRequest request, Authentication actor) {
        TenantId tenantId = TenantId.generate();
        RequestContextFilter.tenantIs(tenantId.value());
        String temporaryPassword = request.ownerPassword() == null ? Passwords.temporary() : null;
        CredentialHash ownerPassword = passwords.hash("ownerPassword",
                temporaryPassword == null ? request.ownerPassword() : temporaryPassword);
        UserId ownerUserId = UserId.generate();
        ConsistencyToken token = dispatcher.dispatch(tenantId, tenantId.value(), new CreateTenant(tenantId,
                request.businessName(), request.businessType(), request.owner(), request.plan(), request.limits(),
                request.pricing(), request.trialEndsAt(), request.subscriptionEndsAt(), request.configuration(), request.branding(),
                ownerUserId, ownerPassword), actor);
        return ResponseEntity.created(URI.create("/api/v1/tenants/" + tenantId.value()))
                .cacheControl(CacheControl.noStore())
                .header(ConsistencyToken.HEADER, token.format())
                .body(new TenantCreatedAnswer(tenantId.value(), tenantId.value(), token.format(), ownerUserId.value(),
                        temporaryPassword));
    }

    @Operation(summary = "Change a tenant's plan", description = "Custom limits and pricing are accepted for the enterprise plan only. Billing prorates "
                    + "the base fees of both plans by the time spent on each within the billing month.")
    @PutMapping(path = "/{tenantId}/plan", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<CommandAccepted> changePlan(@PathVariable String tenantId,
                                                      @RequestBody ChangePlanRequest request, Authentication actor) {
        TenantId id = existingId(tenantId);
        return accepted(dispatcher.dispatch(id, id.value(), new ChangeTenantPlan(id, request.plan(), request.limits(),
                request.pricing()), actor));
    }

    @Operation(summary = "Update a tenant's configuration",
            description = "Merge-patch: fields left out keep their value. The resulting configuration is validated whole.")
    @PatchMapping(path = "/{tenantId}/config", consumes = {MediaType.APPLICATION_JSON_VALUE, MERGE_PATCH_JSON})
    public ResponseEntity<CommandAccepted> updateConfiguration(@PathVariable String tenantId,
                                                               @RequestBody ConfigurationPatch patch,
                                                               Authentication actor) {
        TenantId id = existingId(tenantId);
        try {
            return accepted(dispatcher.dispatch(id, id.value(), new UpdateTenantConfiguration(id, patch), actor));
        } catch (InvalidCommand invalid) {
            throw relativeToBody(invalid, "configuration.");
        }
    }

    @Operation(summary = "Replace a tenant's branding")
    @PutMapping(path = "/{tenantId}/branding", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<CommandAccepted> updateBranding(@PathVariable String tenantId, @RequestBody Branding branding,
                                                          Authentication actor) {
        TenantId id = existingId(tenantId);
        return accepted(dispatcher.dispatch(id, id.value(), new UpdateTenantBranding(id, branding), actor));
    }

    @Operation(summary = "Suspend an active tenant", description = "A reason is required.")
    @PostMapping(path = "/{tenantId}/suspend", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<CommandAccepted> suspend(@PathVariable String tenantId, @RequestBody ReasonRequest request,
                                                   Authentication actor) {
        TenantId id = existingId(tenantId);
        return accepted(dispatcher.dispatch(id, id.value(), new SuspendTenant(id, request.reason()), actor));
    }

    @Operation(summary = "Reactivate a suspended tenant")
    @PostMapping(path = "/{tenantId}/reactivate")
    public ResponseEntity<CommandAccepted> reactivate(@PathVariable String tenantId, Authentication actor) {
        TenantId id = existingId(tenantId);
        return accepted(dispatcher.dispatch(id, id.value(), new ReactivateTenant(id), actor));
    }

    @Operation(summary = "Cancel a tenant", description = "Final: a canceled tenant never changes again. A reason is "
            + "required. Starts the retention period (`nlre.offboarding.retention`, default 30 days; its end is "
            + "`retentionEndsAt` on the tenant): until then the tenant's credentials may only export its data "
            + "(`/api/v1/gdpr/exports/**`, `/api/v1/gdpr/subjects/**`) and read `/api/v1/subscription`; at its end the "
            + "tenant is offboarded.")
    @PostMapping(path = "/{tenantId}/cancel", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<CommandAccepted> cancel(@PathVariable String tenantId, @RequestBody ReasonRequest request,
                                                  Authentication actor) {
        TenantId id = existingId(tenantId);
        return accepted(dispatcher.dispatch(id, id.value(), new CancelTenant(id, request.reason()), actor));
    }

    @Operation(summary = "Offboard a canceled tenant now, ending its retention period early",
            description = "For a tenant that asks for immediate deletion. A reason is required. Records "
                    + "`TenantOffboarded`: every credential of the tenant is deleted (from then on refused), all its "
                    + "read models and command-side data are deleted and its tenant key is shredded, so the personal "
                    + "data in its events can no longer be read; the tenant's record remains with status `offboarded`. "
                    + "422 with rule `ONLY_CANCELED_TENANT_IS_OFFBOARDED` (cancel it first) or "
                    + "`TENANT_IS_OFFBOARDED_ONCE`.")
    @PostMapping(path = "/{tenantId}/offboarding", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<CommandAccepted> offboard(@PathVariable String tenantId, @RequestBody ReasonRequest request,
                                                    Authentication actor) {
        TenantId id = existingId(tenantId);
        return accepted(dispatcher.dispatch(id, id.value(), new OffboardTenant(id, request.reason()), actor));
    }

    /** A malformed id names no tenant: answered exactly like an unknown one. */
    static TenantId existingId(String tenantId) {
        if (!TenantId.isValid(tenantId)) {
            throw ProblemException.notFound("resource", tenantId);
        }
        return new TenantId(tenantId);
    }

    /** This endpoint's body is the configuration itself, so a field at fault is named from the body's root. */
    private static InvalidCommand relativeToBody(InvalidCommand invalid, String prefix) {
        String field = invalid.field().startsWith(prefix) ? invalid.field().substring(prefix.length()) : invalid.field();
        return new InvalidCommand(invalid.rule(), field, invalid.getMessage());
    }

    private static ResponseEntity<CommandAccepted> accepted(ConsistencyToken token) {
        return ResponseEntity.ok().header(ConsistencyToken.HEADER, token.format()).body(CommandAccepted.of(token));
    }
}
