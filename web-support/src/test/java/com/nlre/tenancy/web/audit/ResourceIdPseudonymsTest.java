package com.nlre.tenancy.web.audit;

import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResourceIdPseudonymsTest {

    private static final String KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

    @Test
    void pseudonymisesPhoneNumbersTheSameWayUnderTheSameKeyWhateverTheirFormatting() {
        ResourceIdPseudonyms one = ResourceIdPseudonyms.withKey(KEY);
        ResourceIdPseudonyms other = ResourceIdPseudonyms.withKey(KEY);

        String pseudonym = one.recordable("phone", "+15551234567");

        assertThat(pseudonym).startsWith(ResourceIdPseudonyms.PREFIX).doesNotContain("5551234567");
        assertThat(other.recordable("phone", "+1 (555) 123-4567")).isEqualTo(pseudonym);
        assertThat(ResourceIdPseudonyms.withRandomKey().recordable("phone", "+15551234567")).isNotEqualTo(pseudonym);
        assertThat(one.recordable("leadId", "lead_abc")).isEqualTo("lead_abc");
        assertThat(one.candidates("+15551234567")).containsExactlyInAnyOrder("+15551234567", pseudonym);
        assertThat(one.candidates(pseudonym)).containsExactly(pseudonym);
    }

    @Test
    void refusesAShortOrMalformedKey() {
        assertThatThrownBy(() -> ResourceIdPseudonyms.withKey("c2hvcnQ=")).hasMessageContaining("at least 32");
        assertThatThrownBy(() -> ResourceIdPseudonyms.withKey("not base64!")).hasMessageContaining("base64");
    }
}
