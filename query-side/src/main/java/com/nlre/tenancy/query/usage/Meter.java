package com.nlre.tenancy.query.usage;

/** What a usage entry counts; the wire name is stored in {@code usage_entries.meter}. */
enum Meter {
    /** +1 per {@code LeadAdded}. */
    LEADS_CREATED("leads_created"),
    /** +1 per {@code LeadDeleted}; held leads are created minus deleted. */
    LEADS_DELETED("leads_deleted"),
    /** +1 per {@code CallLogged}; refused calls ({@code CallBlocked}) never count. */
    CALLS("calls"),
    /** Started minutes of each {@code CallLogged}: {@code ceil(durationSeconds / 60)}. */
    CALL_MINUTES("call_minutes"),
    /** +1 per {@code TenantUserAdded}. */
    USERS_ADDED("users_added"),
    /** +1 per {@code TenantUserRemoved}; held users are added minus removed. */
    USERS_REMOVED("users_removed"),
    /** +1 per {@code AiAgentRegistered}. */
    AGENTS_REGISTERED("agents_registered"),
    /** +1 per {@code AiAgentRetired}; held agents are registered minus retired. */
    AGENTS_RETIRED("agents_retired"),
    /** The recording bytes of each recorded {@code CallLogged}. */
    STORAGE_ADDED("storage_bytes_added"),
    /** The recording bytes a {@code LeadDeleted} gave back; storage held is added minus freed. */
    STORAGE_FREED("storage_bytes_freed");

    private final String wireName;

    Meter(String wireName) {
        this.wireName = wireName;
    }

    String wireName() {
        return wireName;
    }
}
