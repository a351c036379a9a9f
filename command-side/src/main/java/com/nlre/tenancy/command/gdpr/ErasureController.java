package com.nlre.tenancy.command.gdpr;

import com.nlre.tenancy.command.identity.Actor;
import com.nlre.tenancy.command.identity.IdentityCommands.ForgetTenantUser;
import com.nlre.tenancy.command.lead.LeadCommands.ForgetLead;
import com.nlre.tenancy.command.lead.LeadKeys;
import com.nlre.tenancy.command.rules.InvalidCommand;
import com.nlre.tenancy.command.rules.ValueRules;
import com.nlre.tenancy.command.web.CommandAccepted;
import com.nlre.tenancy.command.web.CommandDispatcher;
import com.nlre.tenancy.events.identity.UserId;
import com.nlre.tenancy.events.lead.LeadId;
import com.nlre.tenancy.events.personal.SubjectType;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.web.ConsistencyToken;
import com.nlre.tenancy.web.OpenApiDocs;
import com.nlre.tenancy.web.ProblemException;
import com.nlre.tenancy.web.RequestContextFilter;
import com.nlre.tenancy.web.security.TenantContext;
import com.nlre.tenancy.web.security.TenantPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * GDPR erasure by crypto-shredding: forgetting a data subject records {@code DataSubjectForgotten} (no personal data;
 * the actor in its metadata) and deletes the subject's key in the same transaction. The events stay; every personal
 * value sealed under the key reads as erased from then on. A lead or user of another tenant is answered 404 like an
 * unknown one.
 */
@RestController
@Tag(name = "GDPR", description = "Erasure of a data subject's personal data (crypto-shredding)")
public class ErasureController {

    static final String SUBJECT_TYPE_MUST_BE_LEAD_OR_USER = "SUBJECT_TYPE_MUST_BE_LEAD_OR_USER";

    private final CommandDispatcher dispatcher;

    public ErasureController(CommandDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    /**
     * @param subjectType {@code lead} or {@code user}
     * @param subjectId   the lead's id, or the user's id ({@code user_…})
     * @param reason      optional, at most 200 characters, e.g. a ticket reference; never personal data
     */
    public record ErasureRequest(String subjectType, String subjectId, String reason) {
    }

    static final String DESCRIPTION = """
            Forgets a data subject of the tenant: `{"subjectType":"lead"|"user","subjectId":…,"reason":…}`. The \
            subject's key is deleted in the same transaction as the `DataSubjectForgotten` event, so its name, \
            numbers, email, address, notes and consent evidence read as "[erased]" everywhere (history, replay, read \
            models, the Kafka stream's consumers) while the events keep their shape. A forgotten lead accepts no \
            further command (422 rule `FORGOTTEN_LEAD_IS_FINAL`) and its id cannot be reused (422 rule \
            `FORGOTTEN_SUBJECT_ACCEPTS_NO_PERSONAL_DATA`). Only a removed user can be forgotten (422 rule \
            `USER_MUST_BE_REMOVED_BEFORE_ERASURE`); the last active owner can never be removed. Forgetting a \
            forgotten subject changes nothing. Unknown subject: 404.""";

    @Operation(summary = "Forget a lead or a removed user (gdpr.manage)", description = DESCRIPTION)
    @SecurityRequirement(name = OpenApiDocs.BEARER_SCHEME)
    @SecurityRequirement(name = OpenApiDocs.API_KEY_SCHEME)
    @PreAuthorize("hasAuthority('PERM_gdpr.manage')")
    @PostMapping(path = "/api/v1/gdpr/erasures", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<CommandAccepted> forget(@RequestBody ErasureRequest request) {
        TenantPrincipal caller = TenantContext.require();
        return forget(caller.tenantId(), request, Actor.of(caller));
    }

    @Operation(summary = "Forget a lead or a removed user of any tenant (operators)", description = DESCRIPTION)
    @SecurityRequirement(name = OpenApiDocs.OPERATOR_SCHEME)
    @PostMapping(path = "/api/v1/operator/tenants/{tenantId}/gdpr/erasures",
            consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<CommandAccepted> forgetAsOperator(@PathVariable String tenantId,
                                                            @RequestBody ErasureRequest request,
                                                            Authentication operator) {
        if (!TenantId.isValid(tenantId)) {
            throw ProblemException.notFound("tenant", tenantId);
        }
        TenantId tenant = new TenantId(tenantId);
        RequestContextFilter.tenantIs(tenant.value());
        return forget(tenant, request, Actor.of(operator));
    }

    private ResponseEntity<CommandAccepted> forget(TenantId tenant, ErasureRequest request, Actor actor) {
        ValueRules.required("body", request);
        String type = ValueRules.required("subjectType", request.subjectType());
        String id = ValueRules.required("subjectId", request.subjectId());
        SubjectType subjectType = SubjectType.fromWireName(type)
                .filter(candidate -> candidate != SubjectType.TENANT)
                .orElseThrow(() -> new InvalidCommand(SUBJECT_TYPE_MUST_BE_LEAD_OR_USER, "subjectType",
                        "subjectType must be lead or user"));
        ConsistencyToken token;
        try {
            if (subjectType == SubjectType.LEAD) {
                if (!LeadId.isValid(id)) {
                    throw ProblemException.notFound("resource", id);
                }
                LeadId lead = new LeadId(id);
                token = dispatcher.dispatch(tenant, LeadKeys.aggregateId(tenant, lead),
                        new ForgetLead(tenant, lead, request.reason()), actor);
            } else {
                if (!UserId.isValid(id)) {
                    throw ProblemException.notFound("resource", id);
                }
                token = dispatcher.dispatch(tenant, tenant.value(),
                        new ForgetTenantUser(tenant, new UserId(id), request.reason()), actor);
            }
        } catch (AggregateNotFoundException e) {
            throw ProblemException.notFound("resource", id);
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).header(ConsistencyToken.HEADER, token.format())
                .body(CommandAccepted.of(token));
    }
}
