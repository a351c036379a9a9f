package com.nlre.tenancy.query.user;

import com.nlre.tenancy.events.identity.Role;
import com.nlre.tenancy.events.identity.UserId;
import com.nlre.tenancy.query.audit.CrossTenantAttempts;
import com.nlre.tenancy.query.audit.TenantResource;
import com.nlre.tenancy.query.consistency.ConsistencyWaiter;
import com.nlre.tenancy.query.web.ApiDescriptions;
import com.nlre.tenancy.query.web.PageParameters;
import com.nlre.tenancy.web.ConsistencyToken;
import com.nlre.tenancy.web.ProblemException;
import com.nlre.tenancy.web.security.PrincipalType;
import com.nlre.tenancy.web.security.TenantContext;
import com.nlre.tenancy.web.security.TenantPrincipal;
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
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Arrays;

/**
 * The caller's tenant's users. The tenant comes only from the credential ({@link TenantContext}); an id of another
 * tenant is answered exactly like an unknown id, and recorded as a cross-tenant attempt.
 */
@RestController
@RequestMapping(path = "/api/v1/users", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Users", description = "The users of the caller's tenant")
@SecurityRequirement(name = ApiDescriptions.BEARER_SCHEME)
@SecurityRequirement(name = ApiDescriptions.API_KEY_SCHEME)
public class UserQueryController {

    private final UserReadModel users;
    private final ConsistencyWaiter consistency;
    private final CrossTenantAttempts crossTenantAttempts;

    public UserQueryController(UserReadModel users, ConsistencyWaiter consistency,
                               CrossTenantAttempts crossTenantAttempts) {
        this.users = users;
        this.consistency = consistency;
        this.crossTenantAttempts = crossTenantAttempts;
    }

    @GetMapping
    @PreAuthorize("hasAuthority('PERM_users.manage')")
    @Operation(summary = "The tenant's users, oldest first; removed users only when status=removed is asked for",
            description = "Needs permission users.manage.", responses = {
            @ApiResponse(responseCode = "200", description = "One page of users",
                    headers = @Header(name = ConsistencyToken.REACHED_HEADER, description = ApiDescriptions.REACHED,
                            schema = @Schema(type = "boolean"))),
            @ApiResponse(responseCode = "400", description = "Invalid role, status, page, size or consistency token",
                    content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
            @ApiResponse(responseCode = "401", description = "No or invalid credentials",
                    content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
            @ApiResponse(responseCode = "403", description = "Missing users.manage, or the tenant is canceled",
                    content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON))})
    public UserPage list(
            @Parameter(description = "owner, admin, agent or viewer", schema = @Schema(allowableValues = {
                    "owner", "admin", "agent", "viewer"}))
            @RequestParam(required = false) @Nullable String role,
            @Parameter(description = "active, inactive or removed", schema = @Schema(allowableValues = {
                    "active", "inactive", "removed"}))
            @RequestParam(required = false) @Nullable String status,
            @Parameter(description = "Zero-based page number")
            @RequestParam(defaultValue = "0") int page,
            @Parameter(description = "Items per page, 1 to 100")
            @RequestParam(defaultValue = "20") int size,
            @Parameter(in = ParameterIn.HEADER, name = ConsistencyToken.HEADER,
                    description = ApiDescriptions.TENANT_CONSISTENCY)
            @RequestHeader(name = ConsistencyToken.HEADER, required = false) @Nullable String consistencyToken,
            HttpServletResponse response) {
        TenantPrincipal caller = TenantContext.require();
        Role roleFilter = isBlank(role) ? null : parseRole(role);
        UserStatus statusFilter = isBlank(status) ? null : UserStatus.parse(status).orElseThrow(() ->
                ProblemException.invalidParameter("status", "must be one of active, inactive, removed"));
        PageParameters paging = new PageParameters(page, size);
        consistency.awaitIfRequested(consistencyToken, caller.tenantId()).writeTo(response);
        return users.list(caller.tenantId(), roleFilter, statusFilter, paging);
    }

    @GetMapping("/me")
    @Operation(summary = "The calling user", description = """
            Any user of an active or suspended tenant. An API key is not a user: it is answered 404.""",
            responses = {
                    @ApiResponse(responseCode = "200", description = "The calling user",
                            headers = @Header(name = ConsistencyToken.REACHED_HEADER,
                                    description = ApiDescriptions.REACHED, schema = @Schema(type = "boolean"))),
                    @ApiResponse(responseCode = "400", description = "Malformed consistency token",
                            content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
                    @ApiResponse(responseCode = "401", description = "No or invalid credentials",
                            content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
                    @ApiResponse(responseCode = "403", description = "The tenant is canceled",
                            content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
                    @ApiResponse(responseCode = "404", description = "The caller is an API key, or the user is not "
                            + "projected yet", content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON))})
    public UserView me(
            @Parameter(in = ParameterIn.HEADER, name = ConsistencyToken.HEADER,
                    description = ApiDescriptions.TENANT_CONSISTENCY)
            @RequestHeader(name = ConsistencyToken.HEADER, required = false) @Nullable String consistencyToken,
            HttpServletResponse response) {
        TenantPrincipal caller = TenantContext.require();
        if (caller.type() != PrincipalType.USER || !UserId.isValid(caller.principalId())) {
            throw ProblemException.notFound(TenantResource.USER.displayName(), "me");
        }
        consistency.awaitIfRequested(consistencyToken, caller.tenantId()).writeTo(response);
        return users.find(caller.tenantId(), new UserId(caller.principalId()))
                .orElseThrow(() -> ProblemException.notFound(TenantResource.USER.displayName(), "me"));
    }

    @GetMapping("/{userId}")
    @PreAuthorize("hasAuthority('PERM_users.manage')")
    @Operation(summary = "One user of the tenant", description = """
            Needs permission users.manage. A removed user is shown as its tombstone (status removed, no name or \
            email). An id of another tenant is answered exactly like an unknown id.""",
            responses = {
                    @ApiResponse(responseCode = "200", description = "The user",
                            headers = @Header(name = ConsistencyToken.REACHED_HEADER,
                                    description = ApiDescriptions.REACHED, schema = @Schema(type = "boolean"))),
                    @ApiResponse(responseCode = "400", description = "Malformed consistency token",
                            content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
                    @ApiResponse(responseCode = "401", description = "No or invalid credentials",
                            content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
                    @ApiResponse(responseCode = "403", description = "Missing users.manage, or the tenant is canceled",
                            content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON)),
                    @ApiResponse(responseCode = "404", description = "No user with this id in the caller's tenant",
                            content = @Content(mediaType = ApiDescriptions.PROBLEM_JSON))})
    public UserView get(
            @PathVariable String userId,
            @Parameter(in = ParameterIn.HEADER, name = ConsistencyToken.HEADER,
                    description = ApiDescriptions.TENANT_CONSISTENCY)
            @RequestHeader(name = ConsistencyToken.HEADER, required = false) @Nullable String consistencyToken,
            HttpServletResponse response) {
        TenantPrincipal caller = TenantContext.require();
        consistency.awaitIfRequested(consistencyToken, caller.tenantId()).writeTo(response);
        if (!UserId.isValid(userId)) {
            throw ProblemException.notFound(TenantResource.USER.displayName(), userId);
        }
        UserId id = new UserId(userId);
        return users.find(caller.tenantId(), id).orElseThrow(() ->
                crossTenantAttempts.notFound(TenantResource.USER, userId, () -> users.tenantHolding(id)));
    }

    private static Role parseRole(String value) {
        return Arrays.stream(Role.values()).filter(role -> role.wireName().equals(value)).findFirst()
                .orElseThrow(() -> ProblemException.invalidParameter("role",
                        "must be one of owner, admin, agent, viewer"));
    }

    private static boolean isBlank(@Nullable String value) {
        return value == null || value.isBlank();
    }
}
