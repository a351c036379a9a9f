package com.nlre.tenancy.command.web;

import com.nlre.tenancy.command.rules.BusinessRuleViolation;
import com.nlre.tenancy.command.rules.InvalidCommand;
import com.nlre.tenancy.command.rules.UnknownResource;
import com.nlre.tenancy.web.DatabaseUnavailable;
import com.nlre.tenancy.web.ProblemException;
import com.nlre.tenancy.web.ProblemExceptionHandler;
import com.nlre.tenancy.web.ProblemTypes;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.common.AxonTransientException;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import com.nlre.tenancy.command.usage.FeatureNotInPlan;
import com.nlre.tenancy.command.usage.QuotaExceeded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Domain and event-store failures as problem+json: 400 bad value, 404 unknown aggregate or member, 409 lost race, 422 rule, 503 store down. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class CommandProblemAdvice {

    private static final Logger log = LoggerFactory.getLogger(CommandProblemAdvice.class);

    private final Clock clock;

    public CommandProblemAdvice(Clock clock) {
        this.clock = clock;
    }

    @ExceptionHandler(InvalidCommand.class)
    public ResponseEntity<ProblemDetail> invalid(InvalidCommand exception) {
        ResponseEntity<ProblemDetail> response = ProblemExceptionHandler.badRequest(
                List.of(new ProblemException.FieldProblem(exception.field(), exception.getMessage())));
        response.getBody().setProperty("rule", exception.rule());
        return response;
    }

    @ExceptionHandler(BusinessRuleViolation.class)
    public ResponseEntity<ProblemDetail> ruleViolated(BusinessRuleViolation exception) {
        ProblemDetail problem = ProblemTypes.problem(HttpStatus.UNPROCESSABLE_ENTITY,
                ProblemTypes.BUSINESS_RULE_VIOLATED, "Business rule violated", exception.getMessage());
        problem.setProperty("rule", exception.rule());
        return ResponseEntity.unprocessableEntity().body(problem);
    }

    /** Answered exactly like any unknown id, so another tenant's resource cannot be told from a missing one. */
    @ExceptionHandler(UnknownResource.class)
    public ResponseEntity<ProblemDetail> unknown(UnknownResource exception) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .body(ProblemException.notFound("resource", exception.id()).toProblem());
    }

    /**
     * A hard plan limit: 429 naming the quota, its limit, its use and what the command asked for (in the meter's unit:
     * bytes for storage), and for periodic meters when it resets.
     */
    @ExceptionHandler(QuotaExceeded.class)
    public ResponseEntity<ProblemDetail> quotaExceeded(QuotaExceeded exception) {
        ProblemDetail problem = ProblemTypes.problem(HttpStatus.TOO_MANY_REQUESTS, ProblemTypes.QUOTA_EXCEEDED,
                "Quota exceeded", exception.getMessage());
        problem.setProperty("quota", exception.meter().wireName());
        problem.setProperty("limit", exception.limit());
        problem.setProperty("used", exception.used());
        problem.setProperty("requested", exception.requested());
        ResponseEntity.BodyBuilder response = ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS);
        if (exception.resetsAt() != null) {
            problem.setProperty("resetsAt", exception.resetsAt().toString());
            long seconds = Math.max(1, Duration.between(clock.instant(), exception.resetsAt()).toSeconds());
            response.header("Retry-After", Long.toString(seconds));
        }
        return response.body(problem);
    }

    @ExceptionHandler(FeatureNotInPlan.class)
    public ResponseEntity<ProblemDetail> featureNotInPlan(FeatureNotInPlan exception) {
        ProblemDetail problem = ProblemTypes.problem(HttpStatus.FORBIDDEN, ProblemTypes.FEATURE_NOT_IN_PLAN,
                "Not included in the plan", exception.getMessage());
        problem.setProperty("feature", exception.feature().wireName());
        return ResponseEntity.status(HttpStatus.FORBIDDEN).body(problem);
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    public ResponseEntity<ProblemDetail> notFound(AggregateNotFoundException exception) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .body(ProblemException.notFound("resource", String.valueOf(exception.getAggregateIdentifier())).toProblem());
    }

    /** The command lost the append race to a concurrent one: nothing was stored, and retrying it as sent is safe. */
    @ExceptionHandler(ConcurrencyException.class)
    public ResponseEntity<ProblemDetail> conflict(RuntimeException exception) {
        log.info("Concurrent modification lost the append race: {}", exception.getMessage());
        return ResponseEntity.status(HttpStatus.CONFLICT).body(ProblemTypes.problem(HttpStatus.CONFLICT,
                ProblemTypes.CONCURRENT_CHANGE, "Concurrent change",
                "The resource was changed concurrently; nothing was stored. Retry the request."));
    }

    /** The aggregate to create exists already. */
    @ExceptionHandler(AggregateStreamCreationException.class)
    public ResponseEntity<ProblemDetail> exists(AggregateStreamCreationException exception) {
        log.info("Creating an aggregate that exists: {}", exception.getMessage());
        return ResponseEntity.status(HttpStatus.CONFLICT).body(ProblemTypes.problem(HttpStatus.CONFLICT,
                ProblemTypes.CONFLICT, "Conflict", "The resource exists already; nothing was stored."));
    }

    @ExceptionHandler({EventStoreException.class, AxonTransientException.class, CannotGetJdbcConnectionException.class,
            CannotCreateTransactionException.class, DataAccessResourceFailureException.class,
            TransientDataAccessException.class, RecoverableDataAccessException.class})
    public ResponseEntity<ProblemDetail> unavailable(RuntimeException exception) {
        log.warn("Event store unavailable: {}", exception.toString());
        return DatabaseUnavailable.answer();
    }

    @ExceptionHandler(CommandExecutionException.class)
    public ResponseEntity<ProblemDetail> commandFailed(CommandExecutionException exception) {
        if (exception.getCause() instanceof RuntimeException cause && cause != exception) {
            if (cause instanceof InvalidCommand invalid) {
                return invalid(invalid);
            }
            if (cause instanceof BusinessRuleViolation violation) {
                return ruleViolated(violation);
            }
            if (cause instanceof UnknownResource unknown) {
                return unknown(unknown);
            }
            if (cause instanceof ConcurrencyException concurrency) {
                return conflict(concurrency);
            }
            if (cause instanceof AggregateStreamCreationException existing) {
                return exists(existing);
            }
        }
        if (DatabaseUnavailable.isCause(exception)) {
            return unavailable(exception);
        }
        log.error("Command failed", exception);
        return ResponseEntity.internalServerError().body(ProblemTypes.problem(HttpStatus.INTERNAL_SERVER_ERROR,
                ProblemTypes.INTERNAL_ERROR, "Internal error", "The command could not be completed; it has been logged."));
    }
}
