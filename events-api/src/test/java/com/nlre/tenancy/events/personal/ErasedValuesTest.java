package com.nlre.tenancy.events.personal;

import com.nlre.tenancy.events.EventCatalog;
import com.nlre.tenancy.events.identity.TenantUserAdded;
import com.nlre.tenancy.events.identity.UserProfile;
import com.nlre.tenancy.events.lead.CallLogged;
import com.nlre.tenancy.events.lead.ConsentEvidence;
import com.nlre.tenancy.events.lead.LeadContact;
import com.nlre.tenancy.events.tenant.OwnerContact;
import com.nlre.tenancy.events.tenant.TenantCreated;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

class ErasedValuesTest {

    @Test
    void anErasedStringReadsAsTheErasedMarker() {
        assertThat(ErasedValues.of(String.class)).isEqualTo("[erased]");
    }

    @Test
    void anErasedValueRecordKeepsItsShapeWithStringsErasedListsEmptyAndTheRestNull() {
        assertThat(ErasedValues.of(LeadContact.class))
                .isEqualTo(new LeadContact("[erased]", List.of(), "[erased]", null));
        assertThat(ErasedValues.of(UserProfile.class)).isEqualTo(new UserProfile("[erased]", "[erased]"));
        assertThat(ErasedValues.of(OwnerContact.class)).isEqualTo(new OwnerContact("[erased]", "[erased]", "[erased]"));
        assertThat(ErasedValues.of(ConsentEvidence.class)).isEqualTo(
                new ConsentEvidence(null, "[erased]", "[erased]", "[erased]", "[erased]"));
    }

    @Test
    void onlyStringsAndRecordsCanBeErased() {
        assertThatThrownBy(() -> ErasedValues.of(Instant.class)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void personalFieldsNameTheirDataSubject() {
        assertThat(PersonalFields.of(CallLogged.class)).extracting(PersonalFields.Field::name,
                        PersonalFields.Field::subjectName, PersonalFields.Field::subjectType)
                .containsExactly(tuple("phone", "leadId", SubjectType.LEAD),
                        tuple("notes", "leadId", SubjectType.LEAD));
        assertThat(PersonalFields.of(TenantUserAdded.class)).singleElement()
                .satisfies(field -> assertThat(field.subjectType()).isEqualTo(SubjectType.USER));
        assertThat(PersonalFields.of(TenantCreated.class)).singleElement()
                .satisfies(field -> assertThat(field.subjectType()).isEqualTo(SubjectType.TENANT));
    }

    @Test
    void everyPersonalComponentOfACatalogedEventCanBeErased() {
        for (Class<?> type : EventCatalog.all()) {
            for (PersonalFields.Field field : PersonalFields.of(type)) {
                assertThat(ErasedValues.of(field.type())).as(type.getSimpleName() + "." + field.name()).isNotNull();
            }
        }
    }
}
