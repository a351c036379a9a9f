package com.nlre.tenancy.query.billing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nlre.tenancy.query.apikey.CommandSideProperties;
import com.nlre.tenancy.web.security.OperatorProperties;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Issues invoices through the command side's operator endpoint, with the operator credential. */
@Component
public class CommandSideInvoices implements InvoiceIssuer {

    public static final String PATH = "/api/v1/operator/invoices";

    private final HttpClient http;
    private final URI endpoint;
    private final Duration timeout;
    private final String authorization;
    private final ObjectMapper json;

    public CommandSideInvoices(CommandSideProperties commandSide, OperatorProperties operator, ObjectMapper json) {
        this.http = HttpClient.newBuilder().connectTimeout(commandSide.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.endpoint = commandSide.url().resolve(PATH);
        this.timeout = commandSide.timeout();
        this.authorization = operator.basicAuthorization();
        this.json = json;
    }

    @Override
    public Outcome issue(InvoiceDraft draft) {
        String body;
        try {
            body = json.writeValueAsString(draft);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an invoice draft could not be written as JSON", e);
        }
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status == 201) {
                return Outcome.ISSUED;
            }
            if (status == 409) {
                return Outcome.ALREADY_ISSUED;
            }
            return Outcome.FAILED;
        } catch (IOException e) {
            return Outcome.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.FAILED;
        }
    }
}
