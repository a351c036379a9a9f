package com.nlre.tenancy.query.gdpr;

import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.apikey.CommandSideProperties;
import com.nlre.tenancy.web.security.OperatorProperties;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Reads {@code GET /api/v1/operator/tenants/{tenantId}/history} of the command side with the operator credential: the
 * tenant's indexed history, NDJSON, one envelope per line. A failed request or any answer but 200 raises
 * {@link EventStoreUnavailableException}, naming the status.
 */
@Component
public class CommandSideTenantHistory implements TenantHistoryReader {

    public static final String PATH_PREFIX = "/api/v1/operator/tenants/";
    public static final String PATH_SUFFIX = "/history";
    private static final Duration MINIMUM_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final URI base;
    private final Duration timeout;
    private final String authorization;

    public CommandSideTenantHistory(CommandSideProperties commandSide, OperatorProperties operator) {
        this.http = HttpClient.newBuilder().connectTimeout(commandSide.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.base = commandSide.url();
        this.timeout = commandSide.timeout().compareTo(MINIMUM_TIMEOUT) > 0 ? commandSide.timeout() : MINIMUM_TIMEOUT;
        this.authorization = operator.basicAuthorization();
    }

    @Override
    public List<String> page(TenantId tenantId, @Nullable String aggregateId, long after, int limit) {
        String query = "?after=" + after + "&limit=" + limit
                + (aggregateId == null ? "" : "&aggregateId=" + URLEncoder.encode(aggregateId, StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(base.resolve(PATH_PREFIX + tenantId + PATH_SUFFIX + query))
                .timeout(timeout)
                .header("Authorization", authorization)
                .header("Accept", "application/x-ndjson")
                .GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new EventStoreUnavailableException("the command side's tenant history could not be read", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the command side's tenant history", e);
        }
        if (response.statusCode() != 200) {
            throw new EventStoreUnavailableException("the command side's tenant history answered "
                    + response.statusCode(), null);
        }
        return response.body().lines().filter(line -> !line.isBlank()).toList();
    }
}
