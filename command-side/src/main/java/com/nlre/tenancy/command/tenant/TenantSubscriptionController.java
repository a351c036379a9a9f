package com.nlre.tenancy.command.tenant;

import com.nlre.tenancy.command.tenant.TenantCommands.ChangeTenantSubscription;
import com.nlre.tenancy.command.web.CommandAccepted;
import com.nlre.tenancy.command.web.CommandDispatcher;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.web.ConsistencyToken;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;

/** A tenant's trial and subscription dates, for platform operators only. */
@RestController
@RequestMapping("/api/v1/tenants")
@Tag(name = "Tenants", description = "Tenant lifecycle (platform operators)")
public class TenantSubscriptionController {

    private final CommandDispatcher dispatcher;

    public TenantSubscriptionController(CommandDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    public record SubscriptionRequest(
            @Schema(description = "When the trial ends; null: no trial") Instant trialEndsAt,
            @Schema(description = "When the paid subscription ends; null: none, or no end date when there is no "
                    + "trial either") Instant subscriptionEndsAt) {
    }

    @Operation(summary = "Set a tenant's trial and subscription end dates",
            description = """
                    Replaces both dates (a date left out or null means no such end) and reschedules the tenant's \
                    pending end. When the trial ends with no subscription running past it, or the subscription \
                    ends, the tenant is suspended (its users may read, not write) with the reason shown as \
                    `statusReason`. Dates that lie ahead renew such a tenant and reactivate it (unless an operator \
                    had suspended it before). A new end that has already passed takes effect at once. Sending the \
                    current dates again changes nothing. 400 `TRIAL_ENDS_BEFORE_SUBSCRIPTION` when the trial would end \
                    after the subscription; 422 `CANCELED_TENANT_IS_FINAL`.""")
    @PutMapping(path = "/{tenantId}/subscription", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<CommandAccepted> changeSubscription(@PathVariable String tenantId,
                                                              @RequestBody SubscriptionRequest request,
                                                              Authentication actor) {
        TenantId id = TenantCommandController.existingId(tenantId);
        ConsistencyToken token = dispatcher.dispatch(id, id.value(),
                new ChangeTenantSubscription(id, request.trialEndsAt(), request.subscriptionEndsAt()), actor);
        return ResponseEntity.ok().header(ConsistencyToken.HEADER, token.format()).body(CommandAccepted.of(token));
    }
}
