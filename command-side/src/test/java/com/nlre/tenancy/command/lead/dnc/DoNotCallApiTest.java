package com.nlre.tenancy.command.lead.dnc;

import com.fasterxml.jackson.databind.JsonNode;
import com.nlre.tenancy.command.CommandSideIntegrationTest;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

class DoNotCallApiTest extends CommandSideIntegrationTest {

    private static final String OPERATOR_CREDENTIALS = OPERATOR + ":" + OPERATOR_PASSWORD;

    @Test
    void operatorsMergeAFileIntoThePlatformListNormalisingNumbersAndReportingInvalidLines() {
        String block = String.valueOf(1_000 + ThreadLocalRandom.current().nextInt(9_000));
        String first = "+1555" + block + "001";
        String second = "+1555" + block + "002";
        String third = "+1555" + block + "003";
        String dotted = digits(second).replaceAll("(\\d{3})(\\d{3})(\\d{4})", "$1.$2.$3");
        String file = String.join("\n", "Phone Number", local(first), dotted, "", "+1 " + digits(first),
                "not a number", "1-" + digits(third) + ",opted out 2026-01-04", "12", "");

        JsonNode loaded = upload(file).json();
        assertThat(loaded.get("loaded").asInt()).isEqualTo(3);
        assertThat(loaded.get("alreadyListed").asInt()).as("the same number twice in one file").isEqualTo(1);
        assertThat(loaded.get("invalidCount").asInt()).isEqualTo(2);
        assertThat(loaded.get("invalid").get(0).get("line").asInt()).isEqualTo(6);
        assertThat(loaded.get("invalid").get(0).get("value").asText()).isEqualTo("not a number");
        assertThat(loaded.get("invalid").get(1).get("line").asInt()).isEqualTo(8);

        JsonNode again = upload(file).json();
        assertThat(again.get("loaded").asInt()).isZero();
        assertThat(again.get("alreadyListed").asInt()).isEqualTo(4);

        Response listed = send("GET", "/api/v1/operator/dnc/" + local(first).replace(" ", "%20"), null);
        assertThat(listed.json().get("phone").asText()).isEqualTo(first);
        assertThat(listed.json().get("listed").asBoolean()).isTrue();
        assertThat(send("DELETE", "/api/v1/operator/dnc/" + first, null).status()).isEqualTo(200);
        assertThat(send("GET", "/api/v1/operator/dnc/" + first, null).json().get("listed").asBoolean()).isFalse();
        assertThat(send("GET", "/api/v1/operator/dnc/" + third, null).json().get("listed").asBoolean()).isTrue();
    }

    private static String digits(String e164) {
        return e164.substring(2);
    }

    private static String local(String e164) {
        String digits = digits(e164);
        return "(" + digits.substring(0, 3) + ") " + digits.substring(3, 6) + "-" + digits.substring(6);
    }

    @Test
    void aPlatformListLargerThanFiveMegabytesIsRefusedWith413() {
        Response tooLarge = send("PUT", "/api/v1/operator/dnc", "+15550000000\n".repeat(5 * 1024 * 1024 / 13 + 1),
                OPERATOR_CREDENTIALS, "text/plain");

        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.json().get("type").asText()).isEqualTo("urn:nlre:problem:content-too-large");
    }

    @Test
    void aTenantCredentialNeverOpensThePlatformList() {
        TenantOwner owner = createTenantWithOwner("correct horse battery staple");
        String token = login(owner);

        assertThat(asUser(token, "GET", "/api/v1/operator/dnc/+15550000000", null).status()).isEqualTo(401);
    }

    @Test
    void tenantsAddAndRemoveTheirOwnNumbersIdempotently() {
        TenantOwner owner = createTenantWithOwner("correct horse battery staple");
        String token = login(owner);

        Response removedFromNoList = asUser(token, "DELETE", "/api/v1/dnc/+15550009999", null);
        assertThat(removedFromNoList.status()).as(removedFromNoList.body()).isEqualTo(200);
        Response added = asUser(token, "POST", "/api/v1/dnc", "{\"phone\":\"555-000-9999\",\"reason\":\"asked\"}");
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        assertThat(added.json().get("phone").asText()).isEqualTo("+15550009999");
        assertThat(added.consistencyToken()).isEqualTo(owner.tenantId() + ":" + owner.tenantId() + ".dnc:0");
        assertThat(asUser(token, "POST", "/api/v1/dnc", "{\"phone\":\"+15550009999\"}").consistencyToken())
                .as("adding a listed number changes nothing").isEqualTo(added.consistencyToken());
        Response invalid = asUser(token, "POST", "/api/v1/dnc", "{\"phone\":\"call me maybe\"}");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().get("errors").get(0).get("field").asText()).isEqualTo("phone");
        assertThat(asUser(token, "DELETE", "/api/v1/dnc/(555)%20000-9999", null).consistencyToken())
                .isEqualTo(owner.tenantId() + ":" + owner.tenantId() + ".dnc:1");
    }

    private Response upload(String file) {
        Response response = send("PUT", "/api/v1/operator/dnc?source=test", file, OPERATOR_CREDENTIALS, "text/csv");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response;
    }
}
