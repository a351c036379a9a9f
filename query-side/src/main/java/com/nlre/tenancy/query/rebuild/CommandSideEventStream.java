package com.nlre.tenancy.query.rebuild;

import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.apikey.CommandSideProperties;
import com.nlre.tenancy.web.security.OperatorProperties;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * Reads {@value #PATH} of the command side with the operator credential: NDJSON, one envelope per line. Any answer
 * but 200 fails the read (and so the rebuild), naming the status.
 */
@Component
public class CommandSideEventStream implements EventStream {

    public static final String PATH = "/api/v1/operator/events";
    /** A page of thousands of events may take longer than one introspection call. */
    private static final Duration MINIMUM_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final URI endpoint;
    private final Duration timeout;
    private final String authorization;

    public CommandSideEventStream(CommandSideProperties commandSide, OperatorProperties operator) {
        this.http = HttpClient.newBuilder().connectTimeout(commandSide.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.endpoint = commandSide.url().resolve(PATH);
        this.timeout = commandSide.timeout().compareTo(MINIMUM_TIMEOUT) > 0 ? commandSide.timeout() : MINIMUM_TIMEOUT;
        this.authorization = operator.basicAuthorization();
    }

    @Override
    public List<String> page(long after, int limit, @Nullable TenantId tenantId) {
        String query = "?after=" + after + "&limit=" + limit + (tenantId == null ? "" : "&tenantId=" + tenantId);
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint + query)).timeout(timeout)
                .header("Authorization", authorization)
                .header("Accept", "application/x-ndjson")
                .GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("the command side's event stream could not be read", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the command side's event stream", e);
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the command side's event stream answered " + response.statusCode());
        }
        return response.body().lines().filter(line -> !line.isBlank()).toList();
    }
}
