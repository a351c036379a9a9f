package com.nlre.tenancy.command.tenant;

import com.nlre.tenancy.command.CommandSideIntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tenant standing the edge applies is cached (5 minutes) yet follows the tenant's own events on the very next
 * request: the command that changed it evicts it once committed.
 */
class TenantStandingCacheApiTest extends CommandSideIntegrationTest {

    private static final String WRITE = "{\"phone\":\"+15551239876\",\"reason\":\"asked\"}";

    @Test
    void aSuspensionRefusesTheNextWriteAlthoughTheActiveStandingWasCached() {
        TenantOwner owner = createTenantWithOwner("a long owner password");
        String token = login(owner);
        assertThat(asUser(token, "POST", "/api/v1/dnc", WRITE).status()).isEqualTo(200);

        assertThat(send("POST", "/api/v1/tenants/" + owner.tenantId() + "/suspend", "{\"reason\":\"unpaid\"}")
                .status()).isEqualTo(200);

        Response refused = asUser(token, "POST", "/api/v1/dnc", WRITE);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("type").asText()).isEqualTo("urn:nlre:problem:tenant-suspended");

        assertThat(send("POST", "/api/v1/tenants/" + owner.tenantId() + "/reactivate", null).status())
                .isEqualTo(200);
        assertThat(asUser(token, "POST", "/api/v1/dnc", WRITE).status()).isEqualTo(200);
    }

    @Test
    void aCancellationRefusesTheNextRequestAlthoughTheActiveStandingWasCached() {
        TenantOwner owner = createTenantWithOwner("a long owner password");
        String token = login(owner);
        assertThat(asUser(token, "POST", "/api/v1/dnc", WRITE).status()).isEqualTo(200);

        assertThat(send("POST", "/api/v1/tenants/" + owner.tenantId() + "/cancel", "{\"reason\":\"closed\"}")
                .status()).isEqualTo(200);

        Response refused = asUser(token, "POST", "/api/v1/dnc", WRITE);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("type").asText()).isEqualTo("urn:nlre:problem:tenant-canceled");
    }

    @Test
    void aPlanChangeSetsTheRateOfTheNextRequest() {
        TenantOwner owner = createTenantWithOwner("a long owner password");
        String token = login(owner);
        assertThat(asUser(token, "POST", "/api/v1/dnc", WRITE).headers().firstValue("RateLimit-Policy"))
                .hasValueSatisfying(policy -> assertThat(policy).startsWith("\"professional\";"));

        assertThat(send("PUT", "/api/v1/tenants/" + owner.tenantId() + "/plan", "{\"plan\":\"starter\"}").status())
                .isEqualTo(200);

        assertThat(asUser(token, "POST", "/api/v1/dnc", WRITE).headers().firstValue("RateLimit-Policy"))
                .hasValueSatisfying(policy -> assertThat(policy).startsWith("\"starter\";"));
    }
}
