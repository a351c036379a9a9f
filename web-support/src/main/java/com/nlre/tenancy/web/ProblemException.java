package com.nlre.tenancy.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import java.util.LinkedHashMap;
import java.util.Map;

/** An error raised at the HTTP edge that already knows its problem+json answer. */
public class ProblemException extends RuntimeException {

    private final HttpStatus status;
    private final String slug;
    private final String title;
    private final Map<String, Object> properties;

    public ProblemException(HttpStatus status, String slug, String title, String detail, Map<String, Object> properties) {
        super(detail);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.properties = new LinkedHashMap<>(properties);
    }

    /** The answer for an unknown resource and for another tenant's resource alike: the two must be indistinguishable. */
    public static ProblemException notFound(String resourceType, String id) {
        return new ProblemException(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Not found",
                "No " + resourceType + " with id '" + id + "'", Map.of());
    }

    public static ProblemException invalidParameter(String field, String message) {
        return new ProblemException(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, "Invalid request",
                field + ": " + message, Map.of("errors", java.util.List.of(new FieldProblem(field, message))));
    }

    public HttpStatus status() {
        return status;
    }

    public ProblemDetail toProblem() {
        ProblemDetail problem = ProblemTypes.problem(status, slug, title, getMessage());
        properties.forEach(problem::setProperty);
        return problem;
    }

    /** One field at fault in a bad request; {@code field} is the JSON path, e.g. {@code owner.email}. */
    public record FieldProblem(String field, String message) {
    }
}
