package com.nlre.tenancy.command.lead.dnc;

import com.nlre.tenancy.command.idempotency.IdempotentCreation;
import com.nlre.tenancy.command.identity.Actor;
import com.nlre.tenancy.command.lead.DoNotCallCommands.AddToDoNotCallList;
import com.nlre.tenancy.command.lead.DoNotCallCommands.RemoveFromDoNotCallList;
import com.nlre.tenancy.command.lead.DoNotCallList;
import com.nlre.tenancy.command.lead.PhoneNumbers;
import com.nlre.tenancy.command.web.CommandDispatcher;
import com.nlre.tenancy.web.ConsistencyToken;
import com.nlre.tenancy.web.OpenApiDocs;
import com.nlre.tenancy.web.security.TenantContext;
import com.nlre.tenancy.web.security.TenantPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's tenant's own do-not-call list. Numbers are normalised to E.164 before they are stored or looked up.
 * Adding a listed number or removing an unlisted one changes nothing, so both may be retried freely. The list is
 * read on the query side.
 */
@RestController
@RequestMapping("/api/v1/dnc")
@Tag(name = "Do-not-call list", description = "The tenant's own do-not-call numbers, checked before every call")
@SecurityRequirement(name = OpenApiDocs.BEARER_SCHEME)
@SecurityRequirement(name = OpenApiDocs.API_KEY_SCHEME)
public class DoNotCallController {

    private static final String LEADS_WRITE = "hasAuthority('PERM_leads.write')";

    private final CommandDispatcher dispatcher;

    public DoNotCallController(CommandDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    /** @param reason optional, at most 200 characters, e.g. "asked not to be called" */
    public record AddRequest(String phone, String reason) {
    }

    /** @param phone the number as stored (E.164) */
    public record DoNotCallChange(String phone, String consistencyToken) {
    }

    @Operation(summary = "Add a number to the tenant's do-not-call list (leads.write)",
            description = "Calls to the number are refused from now on (rule `NUMBER_ON_TENANT_DNC_LIST`) while the "
                    + "tenant's DNC check is on.")
    @PreAuthorize(LEADS_WRITE)
    @IdempotentCreation
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<DoNotCallChange> add(@RequestBody AddRequest request) {
        TenantPrincipal caller = TenantContext.require();
        ConsistencyToken token = dispatcher.dispatch(caller.tenantId(), DoNotCallList.aggregateIdOf(caller.tenantId()),
                new AddToDoNotCallList(caller.tenantId(), request.phone(), request.reason()), Actor.of(caller));
        return answer(PhoneNumbers.normalise(request.phone()), token);
    }

    @Operation(summary = "Remove a number from the tenant's do-not-call list (leads.write)",
            description = "The number may be written in any common form; it is normalised first.")
    @PreAuthorize(LEADS_WRITE)
    @DeleteMapping("/{phone}")
    public ResponseEntity<DoNotCallChange> remove(@PathVariable String phone) {
        TenantPrincipal caller = TenantContext.require();
        ConsistencyToken token = dispatcher.dispatch(caller.tenantId(), DoNotCallList.aggregateIdOf(caller.tenantId()),
                new RemoveFromDoNotCallList(caller.tenantId(), phone), Actor.of(caller));
        return answer(PhoneNumbers.normalise(phone), token);
    }

    private static ResponseEntity<DoNotCallChange> answer(String phone, ConsistencyToken token) {
        return ResponseEntity.ok().header(ConsistencyToken.HEADER, token.format())
                .body(new DoNotCallChange(phone, token.format()));
    }
}
