package com.nlre.tenancy.personal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.nlre.tenancy.events.identity.Permission;
import com.nlre.tenancy.events.identity.Role;
import com.nlre.tenancy.events.identity.TenantUserAdded;
import com.nlre.tenancy.events.identity.UserId;
import com.nlre.tenancy.events.identity.UserProfile;
import com.nlre.tenancy.events.lead.CallDirection;
import com.nlre.tenancy.events.lead.CallLogged;
import com.nlre.tenancy.events.lead.CallOutcome;
import com.nlre.tenancy.events.lead.ConsentEvidence;
import com.nlre.tenancy.events.lead.ConsentRecorded;
import com.nlre.tenancy.events.lead.LeadAdded;
import com.nlre.tenancy.events.lead.LeadContact;
import com.nlre.tenancy.events.lead.LeadId;
import com.nlre.tenancy.events.personal.ErasedValues;
import com.nlre.tenancy.events.personal.SubjectType;
import com.nlre.tenancy.events.tenant.TenantId;
import org.junit.jupiter.api.Test;

import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PersonalDataModuleTest {

    private static final TenantId TENANT = new TenantId("tenant_abc123");
    private static final TenantId OTHER_TENANT = new TenantId("tenant_xyz789");
    private static final LeadId LEAD = new LeadId("crm-1");
    private static final Instant AT = Instant.parse("2026-11-10T15:00:00Z");

    private final MemoryKeys keys = new MemoryKeys();
    private final ObjectMapper events = mapper().registerModule(new PersonalDataModule(keys));
    private final ObjectMapper clear = mapper();

    private static ObjectMapper mapper() {
        return new ObjectMapper().registerModule(new JavaTimeModule())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    private static LeadAdded leadAdded(TenantId tenant) {
        return new LeadAdded(tenant, LEAD, new LeadContact("Zebediah Quartermain", List.of("+15557654321"),
                "zeb.q@example.test", new LeadContact.PropertyAddress("1 Elm St", "Austin", "TX", "78701")),
                "America/Chicago", "csv", Set.of("hot"), AT);
    }

    private static CallLogged call() {
        return new CallLogged(TENANT, LEAD, "call-1", CallDirection.OUTBOUND, "+15557654321", "user_abc123", AT, 60,
                CallOutcome.CONNECTED, "asked Zebediah about the roof", true, false, AT, 10);
    }

    @Test
    void personalComponentsAreSealedInTheJsonAndReadBackClear() throws Exception {
        LeadAdded added = leadAdded(TENANT);

        String json = events.writeValueAsString(added);

        assertThat(json).doesNotContain("Zebediah", "5557654321", "zeb.q@", "Elm St")
                .contains("\"contact\":{\"sealed\":\"pd1:", "\"leadId\":\"crm-1\"", "\"source\":\"csv\"");
        assertThat(events.readValue(json, LeadAdded.class)).isEqualTo(added);
    }

    @Test
    void everyPersonalStringIsSealedOnItsOwnAndTheRestStaysClear() throws Exception {
        JsonNode tree = events.valueToTree(call());

        assertThat(tree.get("phone").get("sealed").asText()).startsWith("pd1:");
        assertThat(tree.get("notes").get("sealed").asText()).startsWith("pd1:");
        assertThat(tree.get("agentId").asText()).isEqualTo("user_abc123");
        assertThat(events.treeToValue(tree, CallLogged.class)).isEqualTo(call());
    }

    @Test
    void eachValueGetsAFreshNonce() throws Exception {
        assertThat(events.writeValueAsString(call())).isNotEqualTo(events.writeValueAsString(call()));
    }

    @Test
    void aForgottenSubjectsValuesReadAsErasedWithoutAnException() throws Exception {
        String lead = events.writeValueAsString(leadAdded(TENANT));
        String call = events.writeValueAsString(call());
        String consent = events.writeValueAsString(new ConsentRecorded(TENANT, LEAD, "+15557654321",
                new ConsentEvidence(AT, "web_form", "v3", "https://example.test/form", "203.0.113.9"), AT));

        keys.forget(new DataSubject(TENANT.value(), SubjectType.LEAD, LEAD.value()));

        assertThat(events.readValue(lead, LeadAdded.class).contact()).isEqualTo(ErasedValues.of(LeadContact.class));
        CallLogged erasedCall = events.readValue(call, CallLogged.class);
        assertThat(erasedCall.phone()).isEqualTo("[erased]");
        assertThat(erasedCall.notes()).isEqualTo("[erased]");
        assertThat(erasedCall.durationSeconds()).isEqualTo(60);
        ConsentRecorded erasedConsent = events.readValue(consent, ConsentRecorded.class);
        assertThat(erasedConsent.phone()).isEqualTo("[erased]");
        assertThat(erasedConsent.evidence()).isEqualTo(ErasedValues.of(ConsentEvidence.class));
    }

    @Test
    void aForgottenSubjectGetsNoNewSealedData() {
        keys.forget(new DataSubject(TENANT.value(), SubjectType.LEAD, LEAD.value()));

        assertThatThrownBy(() -> events.writeValueAsString(call())).hasRootCauseInstanceOf(
                SubjectForgottenException.class);
    }

    @Test
    void aSealedValueMovedToAnotherTenantReadsAsErased() throws Exception {
        JsonNode tree = events.valueToTree(leadAdded(TENANT));
        keys.sealingKey(new DataSubject(OTHER_TENANT.value(), SubjectType.LEAD, LEAD.value()));
        keys.share(new DataSubject(TENANT.value(), SubjectType.LEAD, LEAD.value()),
                new DataSubject(OTHER_TENANT.value(), SubjectType.LEAD, LEAD.value()));
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree).put("tenantId", OTHER_TENANT.value());

        assertThat(events.treeToValue(tree, LeadAdded.class).contact()).isEqualTo(ErasedValues.of(LeadContact.class));
    }

    @Test
    void valuesStoredInClearBeforeSealingStillRead() throws Exception {
        String stored = clear.writeValueAsString(leadAdded(TENANT));

        assertThat(events.readValue(stored, LeadAdded.class)).isEqualTo(leadAdded(TENANT));
    }

    @Test
    void userProfilesAreSealedUnderTheUserAndEventsWithoutPersonalDataAreUntouched() throws Exception {
        UserId user = new UserId("user_abc123");
        TenantUserAdded added = new TenantUserAdded(TENANT, user, new UserProfile("Ada Lovelace", "ada@example.test"),
                Role.ADMIN, Set.of(Permission.values()[0]), AT);

        JsonNode tree = events.valueToTree(added);

        assertThat(tree.toString()).doesNotContain("Ada", "ada@");
        assertThat(PersonalDataModule.subjectsSealedIn(TenantUserAdded.class, tree))
                .containsExactly(new DataSubject(TENANT.value(), SubjectType.USER, user.value()));
        assertThat(events.treeToValue(tree, TenantUserAdded.class)).isEqualTo(added);
    }

    /** Keys in memory, with the key store's contract: a forgotten subject's key is gone and never re-created. */
    private static final class MemoryKeys implements SubjectKeys {

        private final Map<DataSubject, SecretKey> keys = new ConcurrentHashMap<>();
        private final Set<DataSubject> forgotten = ConcurrentHashMap.newKeySet();

        @Override
        public SecretKey sealingKey(DataSubject subject) {
            if (forgotten.contains(subject)) {
                throw new SubjectForgottenException(subject);
            }
            return keys.computeIfAbsent(subject, ignored -> newKey());
        }

        @Override
        public Optional<SecretKey> openingKey(DataSubject subject) {
            return Optional.ofNullable(keys.get(subject));
        }

        void forget(DataSubject subject) {
            forgotten.add(subject);
            keys.remove(subject);
        }

        /** Gives {@code to} the same key as {@code from}: only the associated data then tells them apart. */
        void share(DataSubject from, DataSubject to) {
            keys.put(to, keys.get(from));
        }

        private static SecretKey newKey() {
            try {
                KeyGenerator generator = KeyGenerator.getInstance("AES");
                generator.init(256);
                return generator.generateKey();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
