package com.nlre.tenancy.command.identity.login;

import com.nlre.tenancy.command.identity.Actor;
import com.nlre.tenancy.command.identity.IdentityCommands.LockOutTenantUser;
import com.nlre.tenancy.command.identity.IdentityCommands.RecordTenantUserLogin;
import com.nlre.tenancy.command.identity.IdentityRules;
import com.nlre.tenancy.command.identity.LoginGrant;
import com.nlre.tenancy.command.identity.credentials.CredentialCipher;
import com.nlre.tenancy.command.identity.credentials.JdbcCredentialStore;
import com.nlre.tenancy.command.identity.credentials.JdbcCredentialStore.UserCredential;
import com.nlre.tenancy.command.identity.credentials.Passwords;
import com.nlre.tenancy.command.identity.mfa.Totp;
import com.nlre.tenancy.command.identity.token.AccessTokens;
import com.nlre.tenancy.command.identity.token.AccessTokens.AccessToken;
import com.nlre.tenancy.command.rules.BusinessRuleViolation;
import com.nlre.tenancy.command.rules.UnknownResource;
import com.nlre.tenancy.command.web.CommandDispatcher;
import com.nlre.tenancy.events.MetadataKeys;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.events.tenant.TenantStatus;
import com.nlre.tenancy.web.ProblemException;
import com.nlre.tenancy.web.ProblemTypes;
import com.nlre.tenancy.web.RequestContextFilter;
import com.nlre.tenancy.web.security.TenantStatusLookup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Exchanges a tenant, email, password (and TOTP code when MFA is on) for an access token.
 *
 * <p>Every wrong part answers the same 401, after the same work: an unknown tenant or email, and a locked user, still
 * run one BCrypt check. Failed attempts are rate limited per user and per source address ({@link AttemptLimiter});
 * {@code maxFailedAttempts} consecutive failures lock the user for {@code lockoutDuration}, recorded once as
 * {@code TenantUserLockedOut}. A TOTP code is accepted once. Only after the credentials are proved does the answer reveal anything: an offboarded
 * tenant is 403 {@code tenant-offboarded} (normally its credentials are gone already: 401). A suspended tenant's users
 * may log in to read, a canceled tenant's during its retention period to export (the tenant context filter refuses the
 * rest). A successful login is recorded as {@code TenantUserLoggedIn}, and its time and source
 * address in the credential store, in one transaction; the token carries the role and permissions the membership
 * holds at that moment.
 */
@Service
public class LoginService {

    private static final Logger log = LoggerFactory.getLogger(LoginService.class);
    private static final String LOGIN_GUARD = "login-guard";

    private final JdbcCredentialStore credentials;
    private final Passwords passwords;
    private final CredentialCipher cipher;
    private final Totp totp;
    private final AttemptLimiter limiter;
    private final TenantStatusLookup tenants;
    private final CommandDispatcher dispatcher;
    private final AccessTokens tokens;
    private final LoginProperties properties;
    private final Clock clock;

    public LoginService(JdbcCredentialStore credentials, Passwords passwords, CredentialCipher cipher, Totp totp,
                        AttemptLimiter limiter, TenantStatusLookup tenants, CommandDispatcher dispatcher,
                        AccessTokens tokens, LoginProperties properties, Clock clock) {
        this.credentials = credentials;
        this.passwords = passwords;
        this.cipher = cipher;
        this.totp = totp;
        this.limiter = limiter;
        this.tenants = tenants;
        this.dispatcher = dispatcher;
        this.tokens = tokens;
        this.properties = properties;
        this.clock = clock;
    }

    /** What a client presents; {@code totpCode} only when the user has MFA on. Never printed. */
    public record Credentials(String tenantId, String email, String password, String totpCode) {

        @Override
        public String toString() {
            return "Credentials[redacted]";
        }
    }

    /**
     * @throws ProblemException 401 for any wrong part, 403 for an offboarded tenant
     * @throws TooManyAttempts  when this user or source failed too often recently
     */
    public AccessToken login(Credentials presented, String sourceAddress) {
        AttemptLimiter.Attempt attempt = limiter.attempt(
                AttemptLimiter.userKey(presented.tenantId(), presented.email()), sourceAddress);
        Optional<UserCredential> found = find(presented.tenantId(), presented.email());
        if (found.isEmpty()) {
            passwords.matchesNobody();
            throw refused();
        }
        UserCredential user = found.get();
        RequestContextFilter.tenantIs(user.tenantId().value());
        Instant now = clock.instant();
        if (user.lockedAt(now)) {
            passwords.matchesNobody();
            throw refused();
        }
        if (!passwords.matches(presented.password(), user.passwordHash()) || !secondFactorHolds(user, presented)) {
            failed(user, now);
            throw refused();
        }
        if (!user.active()) {
            throw refused();
        }
        if (tenants.statusOf(user.tenantId()).orElse(TenantStatus.OFFBOARDED) == TenantStatus.OFFBOARDED) {
            throw tenantOffboarded();
        }
        LoginGrant grant;
        try {
            grant = dispatcher.send(user.tenantId(),
                    new RecordTenantUserLogin(user.tenantId(), user.userId(), sourceAddress), Actor.user(user.userId()));
        } catch (BusinessRuleViolation violation) {
            throw IdentityRules.OFFBOARDED_TENANT_ALLOWS_NO_LOGIN.equals(violation.rule()) ? tenantOffboarded() : refused();
        } catch (UnknownResource unknown) {
            throw refused();
        }
        attempt.succeeded();
        MDC.put(MetadataKeys.ACTOR_ID, user.userId().value());
        log.info("User logged in");
        return tokens.issue(user.tenantId(), user.userId(), grant);
    }

    private Optional<UserCredential> find(String tenantId, String email) {
        if (!TenantId.isValid(tenantId) || email == null || email.length() > 254) {
            return Optional.empty();
        }
        return credentials.findUser(new TenantId(tenantId), email.strip().toLowerCase(Locale.ROOT));
    }

    private boolean secondFactorHolds(UserCredential user, Credentials presented) {
        if (!user.mfaEnabled()) {
            return true;
        }
        String secret = cipher.decrypt(user.mfaSecretEncrypted(), user.userId().value());
        OptionalLong step = totp.verifiedStep(secret, presented.totpCode());
        return step.isPresent() && credentials.useTotpStep(user.userId(), step.getAsLong());
    }

    private void failed(UserCredential user, Instant now) {
        int failures = credentials.recordFailedAttempt(user.userId());
        if (failures < properties.maxFailedAttempts()) {
            return;
        }
        try {
            dispatcher.send(user.tenantId(), new LockOutTenantUser(user.tenantId(), user.userId(),
                    now.plus(properties.lockoutDuration())), Actor.system(LOGIN_GUARD));
            log.warn("User {} locked out after {} consecutive failed logins", user.userId(), failures);
        } catch (RuntimeException e) {
            log.warn("Could not record the lockout of user {}: {}", user.userId(), e.toString());
        }
    }

    private static ProblemException refused() {
        return new ProblemException(HttpStatus.UNAUTHORIZED, ProblemTypes.UNAUTHENTICATED, "Unauthenticated",
                "The tenant, email, password or code is not valid.", Map.of());
    }

    private static ProblemException tenantOffboarded() {
        return new ProblemException(HttpStatus.FORBIDDEN, ProblemTypes.TENANT_OFFBOARDED, "Tenant offboarded",
                "This tenant's retention period has ended and its data was deleted; its users can no longer log in.",
                Map.of());
    }
}
