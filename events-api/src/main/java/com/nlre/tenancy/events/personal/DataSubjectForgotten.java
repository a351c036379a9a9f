package com.nlre.tenancy.events.personal;

import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.tenant.TenantId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * A data subject of the tenant was forgotten (GDPR art. 17): its key was deleted in the same transaction, so every
 * personal value sealed under it now reads as {@link ErasedValues erased}. The event carries no personal data: the
 * subject's id, the kind of subject ({@link SubjectType#wireName()}) and why; the actor is in its metadata.
 *
 * @param reason a short free-text justification (e.g. a ticket reference), never personal data; may be null
 */
@Revision("1")
public record DataSubjectForgotten(TenantId tenantId, String subjectType, String subjectId, String reason,
                                   Instant forgottenAt) implements TenantEvent {
}
