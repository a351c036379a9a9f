package com.nlre.tenancy.command.idempotency;

import com.nlre.tenancy.command.idempotency.IdempotencyKeys.Claim;
import com.nlre.tenancy.command.idempotency.IdempotencyKeys.Claimed;
import com.nlre.tenancy.command.idempotency.IdempotencyKeys.Replay;
import com.nlre.tenancy.command.idempotency.IdempotencyKeys.UsedForAnotherRequest;
import com.nlre.tenancy.web.ConsistencyToken;
import com.nlre.tenancy.web.ProblemException;
import com.nlre.tenancy.web.security.TenantContext;
import com.nlre.tenancy.web.security.TenantPrincipal;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides, before an {@link IdempotentCreation} handler runs, what a request with an {@value IdempotencyFilter#HEADER}
 * is: the first (claim the key and execute), a replay (answer the kept response, do not execute), the same key for a
 * different request (422 {@value #KEY_REUSED}), or a duplicate of a request still running (409
 * {@value #KEY_IN_FLIGHT}, retry later). Keys are scoped to the caller's tenant; operators share one scope.
 */
public class IdempotencyInterceptor implements HandlerInterceptor {

    public static final String KEY_REUSED = "idempotency-key-reused";
    public static final String KEY_IN_FLIGHT = "idempotency-key-in-flight";
    /** The scope of operator requests (tenant scopes are tenant ids, which never take this value). */
    static final String OPERATOR_SCOPE = "operator";

    private final IdempotencyKeys keys;
    private final PlatformTransactionManager transactions;

    public IdempotencyInterceptor(IdempotencyKeys keys, PlatformTransactionManager transactions) {
        this.keys = keys;
        this.transactions = transactions;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws Exception {
        if (!(handler instanceof HandlerMethod method) || !(request.getAttribute(IdempotencyFilter.BODY_ATTRIBUTE)
                instanceof byte[] body)) {
            return true;
        }
        IdempotentCreation creation = method.getMethodAnnotation(IdempotentCreation.class);
        if (creation == null) {
            return true;
        }
        String key = request.getHeader(IdempotencyFilter.HEADER);
        if (!IdempotencyFilter.VALID_KEY.matcher(key).matches()) {
            throw ProblemException.invalidParameter(IdempotencyFilter.HEADER,
                    "must be 1 to 255 visible ASCII characters");
        }
        Optional<String> scope = scope();
        if (scope.isEmpty()) {
            return true;
        }
        String fingerprint = fingerprint(request, body);
        // an atomic request's transaction stays open on this thread until IdempotencyFilter settles the request:
        // every command the handler sends joins it, and its kept response is stored in it before it commits
        TransactionStatus transaction = creation.atomic()
                ? transactions.getTransaction(TransactionDefinition.withDefaults()) : null;
        Claim claim;
        try {
            claim = keys.claim(transaction, scope.get(), key, fingerprint);
        } catch (RuntimeException e) {
            IdempotencyFilter.rollBack(transactions, transaction);
            throw e;
        }
        if (claim instanceof Claimed claimed) {
            request.setAttribute(IdempotencyFilter.CLAIM_ATTRIBUTE, claimed);
            request.setAttribute(IdempotencyFilter.SECRET_FIELDS_ATTRIBUTE, creation.secretFields());
            if (transaction != null) {
                request.setAttribute(IdempotencyFilter.TRANSACTION_ATTRIBUTE, transaction);
            }
            return true;
        }
        IdempotencyFilter.rollBack(transactions, transaction);
        if (claim instanceof Replay replay) {
            replay(replay.response(), creation.secretFields(), response);
            return false;
        }
        if (claim instanceof UsedForAnotherRequest) {
            throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, KEY_REUSED, "Idempotency key reused",
                    "This Idempotency-Key was already used for a different request (method, path or body); "
                            + "use a new key for a new request.",
                    Map.of("errors", List.of(new ProblemException.FieldProblem(IdempotencyFilter.HEADER,
                            "was used for a different request"))));
        }
        response.setHeader(HttpHeaders.RETRY_AFTER, "1");
        throw new ProblemException(HttpStatus.CONFLICT, KEY_IN_FLIGHT, "Request in progress",
                "A request with this Idempotency-Key is still being processed; retry later to get its answer.",
                Map.of());
    }

    private static void replay(IdempotencyKeys.StoredResponse stored, String[] secretFields,
                               HttpServletResponse response) throws java.io.IOException {
        response.setStatus(stored.status());
        response.setHeader(IdempotencyFilter.REPLAYED_HEADER, "true");
        if (stored.contentType() != null) {
            response.setContentType(stored.contentType());
        }
        if (stored.location() != null) {
            response.setHeader(HttpHeaders.LOCATION, stored.location());
        }
        if (stored.consistencyToken() != null) {
            response.setHeader(ConsistencyToken.HEADER, stored.consistencyToken());
        }
        if (secretFields.length > 0) {
            response.setHeader(IdempotencyFilter.WITHHELD_HEADER, String.join(",", secretFields));
            response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        }
        if (stored.body() != null && stored.body().length > 0) {
            response.getOutputStream().write(stored.body());
        }
    }

    private static Optional<String> scope() {
        Optional<TenantPrincipal> tenant = TenantContext.current();
        if (tenant.isPresent()) {
            return Optional.of(tenant.get().tenantId().value());
        }
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.isAuthenticated() && authentication.getAuthorities().stream()
                .anyMatch(authority -> ("ROLE_" + com.nlre.tenancy.web.security.SecurityConfiguration.OPERATOR_ROLE)
                        .equals(authority.getAuthority()))) {
            return Optional.of(OPERATOR_SCOPE);
        }
        return Optional.empty();
    }

    /** SHA-256 of method, path (with query) and the SHA-256 of the body. */
    static String fingerprint(HttpServletRequest request, byte[] body) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            String query = request.getQueryString();
            String target = request.getMethod() + " " + request.getRequestURI() + (query == null ? "" : "?" + query);
            byte[] bodyHash = MessageDigest.getInstance("SHA-256").digest(body);
            digest.update(target.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) '\n');
            digest.update(bodyHash);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
