package com.nlre.tenancy.events.personal;

import com.nlre.tenancy.events.identity.UserId;
import com.nlre.tenancy.events.lead.LeadId;
import com.nlre.tenancy.events.tenant.TenantId;

import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds of data subject whose personal data events carry, each identified by one typed id. {@link #TENANT} holds
 * the tenant owner's contact given at sign-up: kept while the tenant's contract runs, shredded with the tenant key at
 * offboarding.
 */
public enum SubjectType {
    LEAD("lead", LeadId.class),
    USER("user", UserId.class),
    TENANT("tenant", TenantId.class);

    private final String wireName;
    private final Class<?> idType;

    SubjectType(String wireName, Class<?> idType) {
        this.wireName = wireName;
        this.idType = idType;
    }

    public String wireName() {
        return wireName;
    }

    public Class<?> idType() {
        return idType;
    }

    /** @throws IllegalArgumentException when {@code idType} identifies no kind of data subject */
    public static SubjectType of(Class<?> idType) {
        return Arrays.stream(values()).filter(type -> type.idType.equals(idType)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(idType.getName() + " identifies no data subject"));
    }

    public static Optional<SubjectType> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(type -> type.wireName.equals(wireName)).findFirst();
    }
}
