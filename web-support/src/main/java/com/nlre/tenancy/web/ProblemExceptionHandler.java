package com.nlre.tenancy.web;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.nlre.tenancy.web.limits.BodyTooLarge;
import com.nlre.tenancy.web.limits.RequestBodyLimitFilter;
import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.Nullable;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.util.List;

import java.util.stream.Collectors;

/**
 * Turns every error into RFC 9457 problem+json with a stable {@code type}, a human {@code detail}, the field at fault
 * for bad input, and never a stack trace or an internal class name. Services add their own advice for domain
 * exceptions with a higher precedence.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class ProblemExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemExceptionHandler.class);

    @ExceptionHandler(ProblemException.class)
    public ResponseEntity<ProblemDetail> handleProblem(ProblemException exception) {
        return ResponseEntity.status(exception.status()).body(exception.toProblem());
    }

    @ExceptionHandler({MethodArgumentTypeMismatchException.class})
    public ResponseEntity<ProblemDetail> handleTypeMismatch(MethodArgumentTypeMismatchException exception) {
        return badRequest(List.of(new ProblemException.FieldProblem(exception.getName(), "has an invalid value")));
    }

    @ExceptionHandler(ConstraintViolationException.class)
    public ResponseEntity<ProblemDetail> handleConstraintViolation(ConstraintViolationException exception) {
        return badRequest(exception.getConstraintViolations().stream()
                .map(violation -> new ProblemException.FieldProblem(lastNode(violation.getPropertyPath().toString()),
                        violation.getMessage()))
                .toList());
    }

    /** Method security refusals raised inside a controller: the same answers the security filters give. */
    @ExceptionHandler(AccessDeniedException.class)
    public ResponseEntity<ProblemDetail> handleAccessDenied(AccessDeniedException exception) {
        return ResponseEntity.status(HttpStatus.FORBIDDEN).body(ProblemTypes.problem(HttpStatus.FORBIDDEN,
                ProblemTypes.FORBIDDEN, "Forbidden", "These credentials do not allow this operation."));
    }

    @ExceptionHandler(AuthenticationException.class)
    public ResponseEntity<ProblemDetail> handleAuthentication(AuthenticationException exception) {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(ProblemTypes.problem(HttpStatus.UNAUTHORIZED,
                ProblemTypes.UNAUTHENTICATED, "Unauthenticated", "Missing or invalid credentials."));
    }

    /**
     * A value type refused a request value: its message is shown, unless it could reveal internals (a class or
     * package name, an exception's text), which is logged instead.
     */
    @ExceptionHandler(IllegalArgumentException.class)
    public ResponseEntity<ProblemDetail> handleIllegalArgument(IllegalArgumentException exception) {
        String message = exception.getMessage();
        if (!isSafeToShow(message)) {
            log.warn("Invalid request value: {}", exception.toString());
            message = "The request holds a value that is out of range or invalid.";
        }
        ProblemDetail problem = ProblemTypes.problem(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST,
                "Invalid request", message);
        return ResponseEntity.badRequest().body(problem);
    }

    static boolean isSafeToShow(@Nullable String message) {
        return message != null && !message.isBlank() && message.length() <= 300 && !message.contains("Exception")
                && !message.contains("java.") && !message.contains("com.") && !message.contains("org.")
                && !message.contains("\tat ") && !message.contains("\n");
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<ProblemDetail> handleUnexpected(Exception exception) {
        if (DatabaseUnavailable.isCause(exception)) {
            log.warn("Database unavailable: {}", exception.toString());
            return DatabaseUnavailable.answer();
        }
        log.error("Unexpected error while handling a request", exception);
        ProblemDetail problem = ProblemTypes.problem(HttpStatus.INTERNAL_SERVER_ERROR, ProblemTypes.INTERNAL_ERROR,
                "Internal error", "The request could not be completed; it has been logged.");
        return ResponseEntity.internalServerError().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException exception,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        List<ProblemException.FieldProblem> errors = exception.getBindingResult().getFieldErrors().stream()
                .map(error -> new ProblemException.FieldProblem(error.getField(), messageOf(error)))
                .toList();
        return ResponseEntity.badRequest().body(badRequest(errors).getBody());
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException exception,
                                                                            HttpHeaders headers, HttpStatusCode status,
                                                                            WebRequest request) {
        List<ProblemException.FieldProblem> errors = exception.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream()
                        .map(error -> new ProblemException.FieldProblem(
                                result.getMethodParameter().getParameterName(), error.getDefaultMessage())))
                .toList();
        return ResponseEntity.badRequest().body(badRequest(errors).getBody());
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException exception,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        java.util.Optional<BodyTooLarge> tooLarge = BodyTooLarge.in(exception);
        if (tooLarge.isPresent()) {
            return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE)
                    .body(RequestBodyLimitFilter.tooLarge(tooLarge.get().maxBytes()));
        }
        if (isUnreadable(exception)) {
            return ResponseEntity.badRequest().body(ProblemTypes.problem(HttpStatus.BAD_REQUEST,
                    ProblemTypes.MALFORMED_REQUEST, "Malformed request",
                    "The request body is not valid JSON (syntax, encoding, size or nesting)."));
        }
        Throwable cause = exception.getCause();
        while (cause != null && !(cause instanceof JsonMappingException) && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = jsonPath(mapping);
            String message;
            if (cause instanceof UnrecognizedPropertyException) {
                message = "is not a known field";
            } else if (cause instanceof ValueInstantiationException instantiation
                    && instantiation.getCause() != null && instantiation.getCause().getMessage() != null) {
                message = instantiation.getCause().getMessage();
            } else if (cause instanceof InvalidFormatException || cause instanceof MismatchedInputException) {
                message = "has a value of the wrong type or format";
            } else {
                message = "has an invalid value";
            }
            return ResponseEntity.badRequest().body(badRequest(List.of(new ProblemException.FieldProblem(field, message))).getBody());
        }
        ProblemDetail problem = ProblemTypes.problem(HttpStatus.BAD_REQUEST, ProblemTypes.MALFORMED_REQUEST,
                "Malformed request", "The request body is missing or is not valid JSON.");
        return ResponseEntity.badRequest().body(problem);
    }

    /**
     * Framework exceptions (404 no route, 405, 415, 406...) keep their status; their body gets our stable type
     * and never exposes internals.
     */
    @Override
    protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
                                                          HttpStatusCode statusCode, WebRequest request) {
        ProblemDetail problem = body instanceof ProblemDetail detail ? detail
                : ProblemDetail.forStatus(statusCode);
        if (problem.getType() == null || "about:blank".equals(problem.getType().toString())) {
            problem.setType(ProblemTypes.uri(slugFor(statusCode)));
        }
        if (problem.getTitle() == null) {
            HttpStatus resolved = HttpStatus.resolve(statusCode.value());
            problem.setTitle(resolved == null ? "Error" : resolved.getReasonPhrase());
        }
        return new ResponseEntity<>(problem, headers, statusCode);
    }

    /**
     * Whether the body failed as text — JSON syntax, truncation, invalid UTF-8, nesting or size constraints — rather
     * than as a value of the wrong type, even where Jackson reports it inside a field's mapping.
     */
    private static boolean isUnreadable(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof com.fasterxml.jackson.core.exc.StreamReadException
                    || cause instanceof com.fasterxml.jackson.core.exc.StreamConstraintsException
                    || cause instanceof java.io.CharConversionException) {
                return !(cause instanceof com.fasterxml.jackson.core.exc.InputCoercionException);
            }
        }
        return false;
    }

    private static String slugFor(HttpStatusCode status) {
        return switch (status.value()) {
            case 400 -> ProblemTypes.INVALID_REQUEST;
            case 401 -> ProblemTypes.UNAUTHENTICATED;
            case 403 -> ProblemTypes.FORBIDDEN;
            case 404 -> ProblemTypes.NOT_FOUND;
            case 405 -> ProblemTypes.METHOD_NOT_ALLOWED;
            case 406 -> ProblemTypes.NOT_ACCEPTABLE;
            case 409 -> ProblemTypes.CONFLICT;
            case 415 -> ProblemTypes.UNSUPPORTED_MEDIA_TYPE;
            case 503 -> ProblemTypes.SERVICE_UNAVAILABLE;
            default -> status.is5xxServerError() ? ProblemTypes.INTERNAL_ERROR : ProblemTypes.INVALID_REQUEST;
        };
    }

    public static ResponseEntity<ProblemDetail> badRequest(List<ProblemException.FieldProblem> errors) {
        String detail = errors.stream().map(error -> error.field() + ": " + error.message())
                .collect(Collectors.joining("; "));
        ProblemDetail problem = ProblemTypes.problem(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST,
                "Invalid request", detail.isEmpty() ? "The request is invalid." : detail);
        problem.setProperty("errors", errors);
        return ResponseEntity.badRequest().body(problem);
    }

    private static String messageOf(FieldError error) {
        return error.getDefaultMessage() == null ? "is invalid" : error.getDefaultMessage();
    }

    private static String jsonPath(JsonMappingException exception) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : exception.getPath()) {
            if (reference.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String lastNode(String propertyPath) {
        int dot = propertyPath.lastIndexOf('.');
        return dot < 0 ? propertyPath : propertyPath.substring(dot + 1);
    }

}
