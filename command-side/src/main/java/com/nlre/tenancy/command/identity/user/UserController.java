package com.nlre.tenancy.command.identity.user;

import com.nlre.tenancy.command.idempotency.IdempotentCreation;
import com.nlre.tenancy.command.identity.CredentialHash;
import com.nlre.tenancy.command.identity.IdentityCommands.AddTenantUser;
import com.nlre.tenancy.command.identity.IdentityCommands.ChangeTenantUserPassword;
import com.nlre.tenancy.command.identity.IdentityCommands.ChangeTenantUserRole;
import com.nlre.tenancy.command.identity.IdentityCommands.DeactivateTenantUser;
import com.nlre.tenancy.command.identity.IdentityCommands.ReactivateTenantUser;
import com.nlre.tenancy.command.identity.IdentityCommands.RemoveTenantUser;
import com.nlre.tenancy.command.identity.IdentityCommands.SetTenantUserPermissions;
import com.nlre.tenancy.command.identity.IdentityRules;
import com.nlre.tenancy.command.identity.SignedInUser;
import com.nlre.tenancy.command.identity.credentials.JdbcCredentialStore;
import com.nlre.tenancy.command.identity.credentials.JdbcCredentialStore.UserCredential;
import com.nlre.tenancy.command.identity.credentials.Passwords;
import com.nlre.tenancy.command.identity.login.AttemptLimiter;
import com.nlre.tenancy.command.rules.BusinessRuleViolation;
import com.nlre.tenancy.command.web.CommandAccepted;
import com.nlre.tenancy.command.web.CommandDispatcher;
import com.nlre.tenancy.events.identity.Permission;
import com.nlre.tenancy.events.identity.Role;
import com.nlre.tenancy.events.identity.UserId;
import com.nlre.tenancy.web.ConsistencyToken;
import com.nlre.tenancy.web.OpenApiDocs;
import com.nlre.tenancy.web.ProblemException;
import com.nlre.tenancy.web.security.TenantContext;
import com.nlre.tenancy.web.security.TenantPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.Set;

/**
 * The caller's tenant's users. The tenant is always the caller's own (from the credential); a user id of another
 * tenant is answered 404 exactly like an unknown one. Reads are served by the query side.
 */
@RestController
@RequestMapping("/api/v1/users")
@Tag(name = "Users", description = "Tenant users, their roles, permissions and credentials")
@SecurityRequirement(name = OpenApiDocs.BEARER_SCHEME)
@SecurityRequirement(name = OpenApiDocs.API_KEY_SCHEME)
public class UserController {

    private static final String USERS_MANAGE = "hasAuthority('PERM_users.manage')";

    private final CommandDispatcher dispatcher;
    private final Passwords passwords;
    private final JdbcCredentialStore credentials;
    private final AttemptLimiter limiter;

    public UserController(CommandDispatcher dispatcher, Passwords passwords, JdbcCredentialStore credentials,
                          AttemptLimiter limiter) {
        this.dispatcher = dispatcher;
        this.passwords = passwords;
        this.credentials = credentials;
        this.limiter = limiter;
    }

    /**
     * @param permissions optional; the role's defaults when left out (owners always hold every permission)
     * @param password    the user's initial password, at least 12 characters
     */
    public record AddUserRequest(String name, String email, Role role, Set<Permission> permissions, String password) {

        @Override
        public String toString() {
            return "AddUserRequest[" + role + "]";
        }
    }

    public record UserAdded(String userId, String consistencyToken) {
    }

    public record RoleRequest(Role role) {
    }

    public record PermissionsRequest(Set<Permission> permissions) {
    }

    public record ReasonRequest(String reason) {
    }

    public record PasswordChange(String currentPassword, String newPassword) {

        @Override
        public String toString() {
            return "PasswordChange[redacted]";
        }
    }

    @Operation(summary = "Add a user (users.manage)",
            description = "Email is unique within the tenant (the same email may belong to users of other tenants). "
                    + "No one grants a permission they do not hold; only an owner adds an owner.")
    @PreAuthorize(USERS_MANAGE)
    @IdempotentCreation
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<UserAdded> add(@RequestBody AddUserRequest request) {
        TenantPrincipal caller = TenantContext.require();
        CredentialHash password = passwords.hash("password", request.password());
        UserId userId = UserId.generate();
        ConsistencyToken token = dispatcher.dispatch(caller, new AddTenantUser(caller.tenantId(), userId,
                request.name(), request.email(), request.role(), request.permissions(), password));
        return ResponseEntity.status(HttpStatus.CREATED).location(URI.create("/api/v1/users/" + userId.value()))
                .header(ConsistencyToken.HEADER, token.format())
                .body(new UserAdded(userId.value(), token.format()));
    }

    @Operation(summary = "Change a user's role (users.manage)",
            description = "The user's permissions become the role's defaults. The last active owner cannot be demoted.")
    @PreAuthorize(USERS_MANAGE)
    @PutMapping(path = "/{userId}/role", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<CommandAccepted> changeRole(@PathVariable String userId, @RequestBody RoleRequest request) {
        TenantPrincipal caller = TenantContext.require();
        return accepted(dispatcher.dispatch(caller,
                new ChangeTenantUserRole(caller.tenantId(), existing(userId), request.role())));
    }

    @Operation(summary = "Set a user's permissions (users.manage)", description = "The whole new set.")
    @PreAuthorize(USERS_MANAGE)
    @PutMapping(path = "/{userId}/permissions", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<CommandAccepted> setPermissions(@PathVariable String userId,
                                                          @RequestBody PermissionsRequest request) {
        TenantPrincipal caller = TenantContext.require();
        return accepted(dispatcher.dispatch(caller,
                new SetTenantUserPermissions(caller.tenantId(), existing(userId), request.permissions())));
    }

    @Operation(summary = "Deactivate a user (users.manage)",
            description = "The user can no longer log in. A reason is required. The last active owner stays.")
    @PreAuthorize(USERS_MANAGE)
    @PostMapping(path = "/{userId}/deactivate", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<CommandAccepted> deactivate(@PathVariable String userId, @RequestBody ReasonRequest request) {
        TenantPrincipal caller = TenantContext.require();
        return accepted(dispatcher.dispatch(caller,
                new DeactivateTenantUser(caller.tenantId(), existing(userId), request.reason())));
    }

    @Operation(summary = "Reactivate a deactivated user (users.manage)")
    @PreAuthorize(USERS_MANAGE)
    @PostMapping(path = "/{userId}/reactivate")
    public ResponseEntity<CommandAccepted> reactivate(@PathVariable String userId) {
        TenantPrincipal caller = TenantContext.require();
        return accepted(dispatcher.dispatch(caller, new ReactivateTenantUser(caller.tenantId(), existing(userId))));
    }

    @Operation(summary = "Remove a user (users.manage)",
            description = "For good; the email becomes free within the tenant. The last active owner cannot be removed.")
    @PreAuthorize(USERS_MANAGE)
    @DeleteMapping(path = "/{userId}")
    public ResponseEntity<CommandAccepted> remove(@PathVariable String userId) {
        TenantPrincipal caller = TenantContext.require();
        return accepted(dispatcher.dispatch(caller, new RemoveTenantUser(caller.tenantId(), existing(userId))));
    }

    @Operation(summary = "Change the signed-in user's password",
            description = "Needs the current password (wrong ones count as failed attempts). At least 12 characters.")
    @SecurityRequirement(name = OpenApiDocs.BEARER_SCHEME)
    @PutMapping(path = "/me/password", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<CommandAccepted> changePassword(@RequestBody PasswordChange request, HttpServletRequest http) {
        TenantPrincipal caller = SignedInUser.require();
        UserId userId = SignedInUser.userId(caller);
        UserCredential user = credentials.findUser(caller.tenantId(), userId)
                .orElseThrow(() -> ProblemException.notFound("resource", userId.value()));
        AttemptLimiter.Attempt attempt = limiter.attempt(
                AttemptLimiter.userKey(user.tenantId().value(), user.email()), http.getRemoteAddr());
        if (!passwords.matches(request.currentPassword(), user.passwordHash())) {
            throw new BusinessRuleViolation(IdentityRules.CURRENT_PASSWORD_MUST_MATCH,
                    "The current password is not correct.");
        }
        attempt.succeeded();
        CredentialHash newPassword = passwords.hash("newPassword", request.newPassword());
        return accepted(dispatcher.dispatch(caller,
                new ChangeTenantUserPassword(caller.tenantId(), userId, newPassword)));
    }

    /** A malformed id names no user: answered exactly like an unknown one. */
    private static UserId existing(String userId) {
        if (!UserId.isValid(userId)) {
            throw ProblemException.notFound("resource", userId);
        }
        return new UserId(userId);
    }

    private static ResponseEntity<CommandAccepted> accepted(ConsistencyToken token) {
        return ResponseEntity.ok().header(ConsistencyToken.HEADER, token.format()).body(CommandAccepted.of(token));
    }
}
