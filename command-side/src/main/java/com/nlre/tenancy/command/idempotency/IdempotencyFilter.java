package com.nlre.tenancy.command.idempotency;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nlre.tenancy.command.idempotency.IdempotencyKeys.Claimed;
import com.nlre.tenancy.command.idempotency.IdempotencyKeys.StoredResponse;
import com.nlre.tenancy.web.ConsistencyToken;
import com.nlre.tenancy.web.DatabaseUnavailable;
import com.nlre.tenancy.web.ProblemTypes;
import com.nlre.tenancy.web.limits.BodyTooLarge;
import com.nlre.tenancy.web.limits.RequestBodyLimitFilter;
import com.nlre.tenancy.web.security.ProblemAuthenticationHandlers;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Idempotency keys for the POSTs that create something ({@link IdempotentCreation}). A request carrying
 * {@value #HEADER} has its body read whole (within the body limit) so that {@link IdempotencyInterceptor} can
 * fingerprint it before the handler runs, and its response captured so that, once the handler ran, the response is
 * kept for replays:
 * <ul>
 *   <li>2xx and final 4xx answers are kept (secret fields removed); 5xx, 408, 409, 425 and 429 are not: the key is
 *   freed and the client may retry;</li>
 *   <li>a replay answers the kept status, {@code Content-Type}, {@code Location}, {@code X-Consistency-Token} and
 *   body, plus {@value #REPLAYED_HEADER}{@code : true}.</li>
 * </ul>
 * Runs after authentication (the key's scope is the caller's tenant, or the operator scope).
 *
 * <p>For an {@linkplain IdempotentCreation#atomic() atomic} request the claim, the handler's effects and the kept
 * response share one transaction, which this filter ends once the handler answered: a kept 2xx is stored and
 * committed, and only then released to the client (if storing or committing fails, everything rolls back and the
 * client gets 503: a retry with the same key executes once). Any other answer rolls back whatever the request wrote;
 * a final 4xx is then kept on its own. So no crash can leave effects without their kept response, nor a claim without
 * an outcome.
 */
public class IdempotencyFilter extends OncePerRequestFilter {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED_HEADER = "Idempotency-Replayed";
    public static final String WITHHELD_HEADER = "Idempotency-Withheld-Fields";
    /** 1 to 255 visible ASCII characters (no spaces, no control characters). */
    static final Pattern VALID_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");
    static final String BODY_ATTRIBUTE = IdempotencyFilter.class.getName() + ".body";
    static final String CLAIM_ATTRIBUTE = IdempotencyFilter.class.getName() + ".claim";
    static final String SECRET_FIELDS_ATTRIBUTE = IdempotencyFilter.class.getName() + ".secretFields";
    static final String TRANSACTION_ATTRIBUTE = IdempotencyFilter.class.getName() + ".transaction";

    private static final Logger log = LoggerFactory.getLogger(IdempotencyFilter.class);

    private final IdempotencyKeys keys;
    private final ObjectMapper objectMapper;
    private final ProblemAuthenticationHandlers problems;
    private final PlatformTransactionManager transactions;

    public IdempotencyFilter(IdempotencyKeys keys, ObjectMapper objectMapper, PlatformTransactionManager transactions) {
        this.keys = keys;
        this.objectMapper = objectMapper;
        this.problems = new ProblemAuthenticationHandlers(objectMapper);
        this.transactions = transactions;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || request.getHeader(HEADER) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        byte[] body;
        try {
            body = request.getInputStream().readAllBytes();
        } catch (BodyTooLarge tooLarge) {
            response.setHeader("Connection", "close");
            problems.write(response, RequestBodyLimitFilter.tooLarge(tooLarge.maxBytes()), null);
            return;
        }
        request.setAttribute(BODY_ATTRIBUTE, body);
        ContentCachingResponseWrapper captured = new ContentCachingResponseWrapper(response);
        boolean completed = false;
        try {
            chain.doFilter(new ReadAgain(request, body), captured);
            completed = true;
        } finally {
            if (request.getAttribute(CLAIM_ATTRIBUTE) instanceof Claimed claim) {
                String[] secretFields = (String[]) request.getAttribute(SECRET_FIELDS_ATTRIBUTE);
                if (request.getAttribute(TRANSACTION_ATTRIBUTE) instanceof TransactionStatus transaction) {
                    settleAtomically(claim, transaction, completed ? captured : null, secretFields);
                } else {
                    settle(claim, completed ? captured : null, secretFields);
                }
            }
            captured.copyBodyToResponse();
        }
    }

    private void settleAtomically(Claimed claim, TransactionStatus transaction, ContentCachingResponseWrapper response,
                                  String[] secretFields) throws IOException {
        if (response != null && response.getStatus() >= 200 && response.getStatus() < 300) {
            try {
                if (!keys.complete(claim, stored(response, secretFields))) {
                    throw new IllegalStateException("the claim made in this transaction is gone");
                }
                transactions.commit(transaction);
                return;
            } catch (RuntimeException e) {
                rollBack(transactions, transaction);
                log.warn("An idempotent request was rolled back because its response could not be kept: {}",
                        e.toString());
                notStored(response);
                return;
            }
        }
        rollBack(transactions, transaction);
        if (response != null && kept(response.getStatus())) {
            try {
                keys.remember(claim, stored(response, secretFields));
            } catch (RuntimeException e) {
                // nothing of the request was stored, so a retry executing again is harmless
                log.warn("A final refusal of an idempotent request was not kept: {}", e.toString());
            }
        }
    }

    /** Replaces the (never released) answer by 503: nothing was stored and the key is free for a retry. */
    private void notStored(ContentCachingResponseWrapper response) throws IOException {
        response.reset();
        response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
        response.setHeader(HttpHeaders.RETRY_AFTER, DatabaseUnavailable.RETRY_AFTER_SECONDS);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(objectMapper.writeValueAsBytes(ProblemTypes.problem(
                HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.SERVICE_UNAVAILABLE, "Service unavailable",
                "The request could not be completed; nothing was stored. Retry with the same Idempotency-Key.")));
    }

    /** Rolls back a transaction still open; a failure to do so (the connection is gone) rolls it back anyway. */
    static void rollBack(PlatformTransactionManager transactions, TransactionStatus transaction) {
        if (transaction == null || transaction.isCompleted()) {
            return;
        }
        try {
            transactions.rollback(transaction);
        } catch (RuntimeException e) {
            log.warn("Rolling back an idempotent request failed (its connection is gone, and its work with it): {}",
                    e.toString());
        }
    }

    private StoredResponse stored(ContentCachingResponseWrapper response, String[] secretFields) {
        return new StoredResponse(response.getStatus(), response.getContentType(),
                response.getHeader(HttpHeaders.LOCATION), response.getHeader(ConsistencyToken.HEADER),
                withoutSecrets(response.getContentAsByteArray(), secretFields));
    }

    private void settle(Claimed claim, ContentCachingResponseWrapper response, String[] secretFields) {
        try {
            if (response == null || !kept(response.getStatus())) {
                keys.release(claim);
                return;
            }
            if (!keys.complete(claim, stored(response, secretFields))) {
                log.warn("An idempotency key's claim was taken over before its request finished");
            }
        } catch (RuntimeException e) {
            // the claim lapses with its lease: a retry then executes again rather than wait for the key to expire
            log.error("Could not keep the response of an idempotent request", e);
        }
    }

    /** Final answers are kept; answers that invite a retry (5xx, timeout, conflict, too early, too many) are not. */
    static boolean kept(int status) {
        if (status >= 200 && status < 300) {
            return true;
        }
        return status >= 400 && status < 500 && status != 408 && status != 409 && status != 425 && status != 429;
    }

    private byte[] withoutSecrets(byte[] body, String[] secretFields) {
        if (secretFields == null || secretFields.length == 0 || body.length == 0) {
            return body;
        }
        try {
            JsonNode json = objectMapper.readTree(body);
            if (json instanceof ObjectNode object) {
                for (String field : secretFields) {
                    object.remove(field);
                }
                return objectMapper.writeValueAsBytes(object);
            }
            return body;
        } catch (IOException notJson) {
            // a body that may hold a secret and cannot be read as JSON is not kept at all
            return new byte[0];
        }
    }

    /** The request with its body, already read whole, readable again. */
    private static final class ReadAgain extends HttpServletRequestWrapper {

        private final byte[] body;

        ReadAgain(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream bytes = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return bytes.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return bytes.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return bytes.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("synchronous body only");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            Charset charset = StandardCharsets.UTF_8;
            if (encoding != null && Charset.isSupported(encoding)) {
                charset = Charset.forName(encoding);
            }
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
