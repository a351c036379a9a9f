package com.nlre.tenancy.bench.load;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One benchmark tenant as its owner sees it: the access token (renewed before its 15 minutes run out) and the leads
 * with recorded written consent that calls are logged against.
 */
public final class TenantSession {

    private static final long TOKEN_RENEW_AFTER_NANOS = 10L * 60 * 1_000_000_000L;

    public record CallLead(String leadId, String phone) {
    }

    private final String tenantId;
    private final String email;
    private final String password;
    private final List<CallLead> callLeads = new CopyOnWriteArrayList<>();
    private volatile String lastToken;
    private volatile String bearer;
    private volatile long tokenNanos;

    public TenantSession(String tenantId, String email, String password) {
        this.tenantId = tenantId;
        this.email = email;
        this.password = password;
    }

    public String tenantId() {
        return tenantId;
    }

    /** The consistency token of the last command accepted for this tenant (by the time it answered). */
    public String lastToken() {
        return lastToken;
    }

    public void accepted(Http.Answer answer) {
        String token = answer.header("X-Consistency-Token");
        if (token != null) {
            lastToken = token;
        }
    }

    public List<CallLead> callLeads() {
        return callLeads;
    }

    /** The {@code Authorization} header value, logging in again when the token is near its end. */
    public String authorization(Http http, String commandUrl) {
        if (bearer == null || System.nanoTime() - tokenNanos > TOKEN_RENEW_AFTER_NANOS) {
            synchronized (this) {
                if (bearer == null || System.nanoTime() - tokenNanos > TOKEN_RENEW_AFTER_NANOS) {
                    Http.Answer login = http.send("POST", commandUrl + "/api/v1/auth/token",
                            "{\"tenantId\":\"%s\",\"email\":\"%s\",\"password\":\"%s\"}".formatted(tenantId, email,
                                    password));
                    if (!login.ok()) {
                        throw new IllegalStateException("login of " + tenantId + " failed: " + login.status() + " "
                                + login.body());
                    }
                    bearer = "Bearer " + login.json().path("accessToken").asText();
                    tokenNanos = System.nanoTime();
                }
            }
        }
        return bearer;
    }
}
