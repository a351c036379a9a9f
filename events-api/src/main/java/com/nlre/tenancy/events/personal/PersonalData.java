package com.nlre.tenancy.events.personal;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a component of an event record as personal data of one data subject: stored and published sealed under that
 * subject's key, and read as {@link ErasedValues erased} once the subject is forgotten.
 *
 * <p>{@link #subject()} names the sibling component that identifies the data subject; its type says the subject's kind
 * ({@link SubjectType#of(Class)}): a {@code LeadId} is a lead, a {@code UserId} a user, a {@code TenantId} the tenant
 * itself.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface PersonalData {

    /** The name of the record component that identifies the data subject, e.g. {@code leadId}. */
    String subject();
}
