package com.nlre.tenancy.command.identity.login;

import com.nlre.tenancy.web.ProblemTypes;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** 429 problem with {@code Retry-After} wherever the attempt limiter refuses. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class TooManyAttemptsAdvice {

    @ExceptionHandler(TooManyAttempts.class)
    public ResponseEntity<ProblemDetail> tooMany(TooManyAttempts exception) {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header("Retry-After", Long.toString(exception.retryAfterSeconds()))
                .body(ProblemTypes.problem(HttpStatus.TOO_MANY_REQUESTS, ProblemTypes.TOO_MANY_REQUESTS,
                        "Too many requests", "Too many failed attempts; retry after "
                                + exception.retryAfterSeconds() + " seconds."));
    }
}
