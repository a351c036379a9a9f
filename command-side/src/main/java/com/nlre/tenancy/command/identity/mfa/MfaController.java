package com.nlre.tenancy.command.identity.mfa;

import com.nlre.tenancy.command.identity.IdentityCommands.DisableTenantUserMfa;
import com.nlre.tenancy.command.identity.IdentityCommands.EnableTenantUserMfa;
import com.nlre.tenancy.command.identity.IdentityRules;
import com.nlre.tenancy.command.identity.SignedInUser;
import com.nlre.tenancy.command.identity.credentials.CredentialCipher;
import com.nlre.tenancy.command.identity.credentials.JdbcCredentialStore;
import com.nlre.tenancy.command.identity.credentials.JdbcCredentialStore.UserCredential;
import com.nlre.tenancy.command.identity.login.AttemptLimiter;
import com.nlre.tenancy.command.rules.BusinessRuleViolation;
import com.nlre.tenancy.command.web.CommandAccepted;
import com.nlre.tenancy.command.web.CommandDispatcher;
import com.nlre.tenancy.events.identity.UserId;
import com.nlre.tenancy.web.ConsistencyToken;
import com.nlre.tenancy.web.OpenApiDocs;
import com.nlre.tenancy.web.ProblemException;
import com.nlre.tenancy.web.security.TenantPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.OptionalLong;

/**
 * Two-factor authentication of the signed-in user: enrol (a new secret, pending until confirmed), confirm with a
 * first code, disable with a current code. Secrets are stored encrypted and shown only in the enrolment answer.
 * Wrong codes count as failed attempts of the user ({@link AttemptLimiter}); each code is accepted once.
 */
@RestController
@RequestMapping("/api/v1/users/me/mfa")
@Tag(name = "Users", description = "Tenant users, their roles, permissions and credentials")
@SecurityRequirement(name = OpenApiDocs.BEARER_SCHEME)
public class MfaController {

    private final JdbcCredentialStore credentials;
    private final CredentialCipher cipher;
    private final Totp totp;
    private final AttemptLimiter limiter;
    private final CommandDispatcher dispatcher;

    public MfaController(JdbcCredentialStore credentials, CredentialCipher cipher, Totp totp, AttemptLimiter limiter,
                         CommandDispatcher dispatcher) {
        this.credentials = credentials;
        this.cipher = cipher;
        this.totp = totp;
        this.limiter = limiter;
        this.dispatcher = dispatcher;
    }

    /** Shown once: the secret to enter in an authenticator app, or the URI to render as a QR code. */
    public record Enrolment(String secret, String otpauthUri) {

        @Override
        public String toString() {
            return "Enrolment[redacted]";
        }
    }

    public record CodeRequest(String code) {
    }

    @Operation(summary = "Start two-factor enrolment",
            description = "Answers a new TOTP secret and its otpauth URI, shown only here. It takes effect once "
                    + "confirmed with a code; enrolling again replaces an unconfirmed secret.")
    @PostMapping
    public ResponseEntity<Enrolment> enrol() {
        TenantPrincipal caller = SignedInUser.require();
        UserCredential user = credentialsOf(caller);
        if (user.mfaEnabled()) {
            throw new BusinessRuleViolation(IdentityRules.MFA_ALREADY_ENABLED,
                    "Two-factor authentication is already on; disable it first.");
        }
        String secret = totp.newSecret();
        credentials.storePendingMfa(user.userId(), cipher.encrypt(secret, user.userId().value()));
        return ResponseEntity.ok().cacheControl(CacheControl.noStore())
                .body(new Enrolment(secret, totp.otpauthUri(secret, user.email())));
    }

    @Operation(summary = "Confirm two-factor enrolment with a first code",
            description = "From now on, login needs a current code (`totpCode`).")
    @PostMapping(path = "/confirm", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<CommandAccepted> confirm(@RequestBody CodeRequest request, HttpServletRequest http) {
        TenantPrincipal caller = SignedInUser.require();
        UserCredential user = credentialsOf(caller);
        if (user.mfaPendingSecretEncrypted() == null) {
            throw new BusinessRuleViolation(IdentityRules.MFA_ENROLMENT_NOT_STARTED, "Start an enrolment first.");
        }
        proveCode(user, user.mfaPendingSecretEncrypted(), request.code(), http);
        return accepted(dispatcher.dispatch(caller, new EnableTenantUserMfa(caller.tenantId(), user.userId())));
    }

    @Operation(summary = "Turn two-factor authentication off", description = "Needs a current code.")
    @DeleteMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<CommandAccepted> disable(@RequestBody CodeRequest request, HttpServletRequest http) {
        TenantPrincipal caller = SignedInUser.require();
        UserCredential user = credentialsOf(caller);
        if (!user.mfaEnabled()) {
            throw new BusinessRuleViolation(IdentityRules.MFA_NOT_ENABLED, "Two-factor authentication is not on.");
        }
        proveCode(user, user.mfaSecretEncrypted(), request.code(), http);
        return accepted(dispatcher.dispatch(caller, new DisableTenantUserMfa(caller.tenantId(), user.userId())));
    }

    private void proveCode(UserCredential user, String encryptedSecret, String code, HttpServletRequest http) {
        AttemptLimiter.Attempt attempt = limiter.attempt(
                AttemptLimiter.userKey(user.tenantId().value(), user.email()), http.getRemoteAddr());
        OptionalLong step = totp.verifiedStep(cipher.decrypt(encryptedSecret, user.userId().value()), code);
        if (step.isEmpty() || !credentials.useTotpStep(user.userId(), step.getAsLong())) {
            throw new BusinessRuleViolation(IdentityRules.MFA_CODE_MUST_BE_VALID,
                    "The code is not the authenticator's current code, or it was used already.");
        }
        attempt.succeeded();
    }

    private UserCredential credentialsOf(TenantPrincipal caller) {
        UserId userId = SignedInUser.userId(caller);
        return credentials.findUser(caller.tenantId(), userId)
                .orElseThrow(() -> ProblemException.notFound("resource", userId.value()));
    }

    private static ResponseEntity<CommandAccepted> accepted(ConsistencyToken token) {
        return ResponseEntity.ok().header(ConsistencyToken.HEADER, token.format()).body(CommandAccepted.of(token));
    }
}
