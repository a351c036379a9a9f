package com.nlre.tenancy.personal;

import com.nlre.tenancy.events.personal.SubjectType;

import java.util.Objects;

/** One data subject of one tenant: the unit personal data is sealed and forgotten by. */
public record DataSubject(String tenantId, SubjectType type, String subjectId) {

    public DataSubject {
        Objects.requireNonNull(tenantId, "tenant id");
        Objects.requireNonNull(type, "subject type");
        Objects.requireNonNull(subjectId, "subject id");
    }

    /** The tenant itself as data subject: its owner's sign-up contact. */
    public static DataSubject tenant(String tenantId) {
        return new DataSubject(tenantId, SubjectType.TENANT, tenantId);
    }

    @Override
    public String toString() {
        return tenantId + "/" + type.wireName() + "/" + subjectId;
    }
}
