package com.nlre.tenancy.query.projection;

import com.mongodb.MongoException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.nlre.tenancy.query.gdpr.SubjectKeysUnavailable;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;

import java.util.Locale;

/**
 * The business rule that decides what a failed projection of a record gets: waited out, parked at once, or retried a
 * few times and then parked as a dead letter. Decided from the failure and every cause under it.
 */
public enum ProjectionFailureClass {

    /**
     * Something the projection needs is unreachable: MongoDB (socket errors, timeouts, no primary, a node recovering,
     * Spring's resource-failure and transient data-access exceptions, MongoDB's retryable error labels) or the command
     * side's subject keys. Retried with back-off for as long as it takes and never dead-lettered: no event is parked
     * because a dependency was down.
     */
    INFRASTRUCTURE_UNAVAILABLE,

    /**
     * The record can never be projected, whatever is retried ({@link MalformedEventException}): parked at once.
     */
    UNPROJECTABLE_RECORD,

    /**
     * Any other exception of a projection (a bug, or data the read model refuses): retried
     * {@code nlre.projection.attempts-before-parking} times in all, then parked.
     */
    PROJECTION_ERROR;

    private static final int MAX_CAUSES = 20;
    private static final String RETRYABLE_WRITE_ERROR_LABEL = "RetryableWriteError";

    /** The class of a failure, judged on the failure and its causes. */
    public static ProjectionFailureClass of(Throwable failure) {
        boolean malformed = false;
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < MAX_CAUSES; depth++, cause = cause.getCause()) {
            if (isInfrastructure(cause)) {
                return INFRASTRUCTURE_UNAVAILABLE;
            }
            malformed |= cause instanceof MalformedEventException;
        }
        return malformed ? UNPROJECTABLE_RECORD : PROJECTION_ERROR;
    }

    /** The metric tag and log value, e.g. {@code projection-error}. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static boolean isInfrastructure(Throwable cause) {
        return cause instanceof DataAccessResourceFailureException
                || cause instanceof TransientDataAccessException
                || cause instanceof MongoSocketException
                || cause instanceof MongoTimeoutException
                || cause instanceof MongoNotPrimaryException
                || cause instanceof MongoNodeIsRecoveringException
                || cause instanceof SubjectKeysUnavailable
                || cause instanceof MongoException mongo
                && (mongo.hasErrorLabel(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL)
                || mongo.hasErrorLabel(RETRYABLE_WRITE_ERROR_LABEL));
    }
}
