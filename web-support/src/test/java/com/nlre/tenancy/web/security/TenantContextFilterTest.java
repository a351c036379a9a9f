package com.nlre.tenancy.web.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What a canceled tenant may still reach while its retention period runs. */
class TenantContextFilterTest {

    @Test
    void aCanceledTenantReachesOnlyTheExportRoutesAndReadsItsSubscription() {
        assertThat(TenantContextFilter.openDuringRetention("POST", "/api/v1/gdpr/exports")).isTrue();
        assertThat(TenantContextFilter.openDuringRetention("GET", "/api/v1/gdpr/exports/export_1/download")).isTrue();
        assertThat(TenantContextFilter.openDuringRetention("POST", "/api/v1/gdpr/subjects/lead/crm-1/export"))
                .isTrue();
        assertThat(TenantContextFilter.openDuringRetention("GET", "/api/v1/subscription")).isTrue();

        assertThat(TenantContextFilter.openDuringRetention("PUT", "/api/v1/subscription")).isFalse();
        assertThat(TenantContextFilter.openDuringRetention("DELETE", "/api/v1/gdpr/exports/export_1")).isFalse();
        assertThat(TenantContextFilter.openDuringRetention("GET", "/api/v1/gdpr/exportsandmore")).isFalse();
        assertThat(TenantContextFilter.openDuringRetention("GET", "/api/v1/gdpr")).isFalse();
        assertThat(TenantContextFilter.openDuringRetention("GET", "/api/v1/leads")).isFalse();
        assertThat(TenantContextFilter.openDuringRetention("GET", "/api/v1/subscription/other")).isFalse();
    }
}
