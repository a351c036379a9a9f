package com.nlre.tenancy.query.projection;

import com.mongodb.MongoSocketReadException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.ServerAddress;
import com.nlre.tenancy.query.gdpr.SubjectKeysUnavailable;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;

import static org.assertj.core.api.Assertions.assertThat;

/** Which failures of a projection are waited out, which are parked at once, and which after a few attempts. */
class ProjectionFailureClassTest {

    @Test
    void mongoDbOrTheCommandSideUnreachableIsInfrastructureUnavailableHoweverDeepTheCause() {
        MongoTimeoutException timeout = new MongoTimeoutException("Timed out while waiting for a server");

        assertThat(ProjectionFailureClass.of(timeout)).isEqualTo(ProjectionFailureClass.INFRASTRUCTURE_UNAVAILABLE);
        assertThat(ProjectionFailureClass.of(new ListenerExecutionFailedException("listener failed",
                new DataAccessResourceFailureException("no server", timeout))))
                .isEqualTo(ProjectionFailureClass.INFRASTRUCTURE_UNAVAILABLE);
        assertThat(ProjectionFailureClass.of(new MongoSocketReadException("connection reset",
                new ServerAddress("127.0.0.1", 27017)))).isEqualTo(ProjectionFailureClass.INFRASTRUCTURE_UNAVAILABLE);
        assertThat(ProjectionFailureClass.of(new SubjectKeysUnavailable("command side unreachable", null)))
                .isEqualTo(ProjectionFailureClass.INFRASTRUCTURE_UNAVAILABLE);
    }

    @Test
    void aMalformedRecordIsUnprojectableUnlessInfrastructureFailedUnderIt() {
        assertThat(ProjectionFailureClass.of(new ListenerExecutionFailedException("listener failed",
                new MalformedEventException("record is not an event envelope"))))
                .isEqualTo(ProjectionFailureClass.UNPROJECTABLE_RECORD);
        assertThat(ProjectionFailureClass.of(new MalformedEventException("payload unreadable",
                new MongoTimeoutException("Timed out")))).isEqualTo(ProjectionFailureClass.INFRASTRUCTURE_UNAVAILABLE);
    }

    @Test
    void anyOtherExceptionOfAProjectionIsAProjectionError() {
        assertThat(ProjectionFailureClass.of(new IllegalStateException("a bug")))
                .isEqualTo(ProjectionFailureClass.PROJECTION_ERROR);
        assertThat(ProjectionFailureClass.of(new ListenerExecutionFailedException("listener failed",
                new DuplicateKeyException("E11000")))).isEqualTo(ProjectionFailureClass.PROJECTION_ERROR);
        assertThat(ProjectionFailureClass.PROJECTION_ERROR.tag()).isEqualTo("projection-error");
    }
}
