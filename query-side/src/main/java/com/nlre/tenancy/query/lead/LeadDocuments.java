package com.nlre.tenancy.query.lead;

import com.nlre.tenancy.events.lead.LeadContact;
import com.nlre.tenancy.events.lead.LeadId;
import com.nlre.tenancy.events.lead.LeadStatus;
import com.nlre.tenancy.events.tenant.TenantId;
import org.bson.Document;
import org.springframework.lang.Nullable;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The stored shape of collection {@value #COLLECTION}: one document per lead, {@code _id} =
 * {@code tenantId + "/" + leadId} (unique index {@code {tenantId: 1, leadId: 1}} as well), enums by their wire names,
 * timestamps as BSON dates. {@code version} is the sequence, in the lead's own stream (aggregate
 * {@code <tenantId>.<leadId>}), of the last event applied to the document.
 *
 * <p>Derived fields the API never shows: {@code nameSort} (the name in lower case, the key of the name orders) and
 * {@code searchText} (name and property address in lower case, what {@code q} searches). Consent is a map from a
 * field-name-safe key of the phone number to that number's consent, so one number's consent changes with one
 * {@code $set}.
 *
 * <p>A deleted lead stays as a tombstone ({@code deleted: true}): it leaves every list and answers 404, and since its
 * document still exists no replayed {@code LeadAdded} can bring it back. Its contact data stays until GDPR erasure.
 */
final class LeadDocuments {

    static final String COLLECTION = "leads";

    static final String ID = "_id";
    static final String TENANT_ID = "tenantId";
    static final String LEAD_ID = "leadId";
    static final String NAME = "name";
    static final String NAME_SORT = "nameSort";
    static final String PHONES = "phones";
    static final String EMAIL = "email";
    static final String PROPERTY_ADDRESS = "propertyAddress";
    static final String STREET = "street";
    static final String CITY = "city";
    static final String STATE = "state";
    static final String POSTAL_CODE = "postalCode";
    static final String SEARCH_TEXT = "searchText";
    static final String TIMEZONE = "timezone";
    static final String SOURCE = "source";
    static final String TAGS = "tags";
    static final String STATUS = "status";
    static final String ASSIGNEE_USER_ID = "assigneeUserId";
    static final String CONSENTS = "consents";
    static final String CONSENT_PHONE = "phone";
    static final String CONSENT_STATUS = "status";
    static final String EVIDENCE = "evidence";
    static final String GIVEN_AT = "givenAt";
    static final String METHOD = "method";
    static final String CONSENT_TEXT_VERSION = "consentTextVersion";
    static final String EVIDENCE_SOURCE = "source";
    static final String SOURCE_IP = "sourceIp";
    static final String RECORDED_AT = "recordedAt";
    static final String REVOKED_AT = "revokedAt";
    static final String CALL_COUNT = "callCount";
    static final String BLOCKED_CALL_COUNT = "blockedCallCount";
    static final String LAST_CALL_AT = "lastCallAt";
    static final String DELETED = "deleted";
    static final String DELETED_AT = "deletedAt";
    static final String CREATED_AT = "createdAt";
    static final String UPDATED_AT = "updatedAt";
    static final String VERSION = "version";

    static final String GRANTED = "granted";
    static final String REVOKED = "revoked";

    /** Separates the parts of {@code searchText}, so a search cannot be typed across two of them by accident. */
    private static final String SEARCH_SEPARATOR = "\u001f";
    private static final Pattern SAFE_KEY = Pattern.compile("[+0-9A-Za-z_-]{1,64}");

    private LeadDocuments() {
    }

    static String id(TenantId tenantId, LeadId leadId) {
        return tenantId.value() + "/" + leadId.value();
    }

    /** The lead's aggregate id on the event stream, whose sequence {@code version} follows. */
    static String aggregateId(TenantId tenantId, LeadId leadId) {
        return tenantId.value() + "." + leadId.value();
    }

    @Nullable
    static Date date(@Nullable Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    /** The fields a {@link LeadContact} sets, derived fields included. */
    static Document contactFields(@Nullable LeadContact contact) {
        String name = contact == null ? null : contact.name();
        LeadContact.PropertyAddress address = contact == null ? null : contact.propertyAddress();
        return new Document(NAME, name)
                .append(NAME_SORT, name == null ? "" : name.toLowerCase(Locale.ROOT))
                .append(PHONES, contact == null ? List.of() : contact.phones())
                .append(EMAIL, contact == null ? null : contact.email())
                .append(PROPERTY_ADDRESS, address == null ? null : new Document(STREET, address.street())
                        .append(CITY, address.city())
                        .append(STATE, address.state())
                        .append(POSTAL_CODE, address.postalCode()))
                .append(SEARCH_TEXT, searchText(name, address));
    }

    private static String searchText(@Nullable String name, @Nullable LeadContact.PropertyAddress address) {
        Stream<String> parts = address == null ? Stream.of(name)
                : Stream.of(name, address.street(), address.city(), address.state(), address.postalCode());
        return String.join(SEARCH_SEPARATOR, parts.filter(Objects::nonNull).map(part -> part.toLowerCase(Locale.ROOT))
                .toList());
    }

    /** What {@code searchText} is matched against: the query in lower case, as a literal. */
    static String searchPattern(String query) {
        return Pattern.quote(query.toLowerCase(Locale.ROOT));
    }

    /**
     * The consent map's key for a phone number: the number itself when it is a safe field name (E.164 always is),
     * else {@code x} and the hex of its bytes, so no value can add a path ({@code .}) or an operator ({@code $}).
     */
    static String consentKey(String phone) {
        return SAFE_KEY.matcher(phone).matches() ? phone
                : "x" + HexFormat.of().formatHex(phone.getBytes(StandardCharsets.UTF_8));
    }

    static List<String> tags(@Nullable Collection<String> tags) {
        return tags == null ? List.of() : List.copyOf(new TreeSet<>(tags.stream().filter(Objects::nonNull).toList()));
    }

    /**
     * @param withSourceIp whether consent evidence shows the address it came from (only the lead detail does)
     */
    static LeadView toView(Document document, boolean withSourceIp) {
        List<String> phones = document.getList(PHONES, String.class, List.of());
        Document address = document.get(PROPERTY_ADDRESS, Document.class);
        String status = document.getString(STATUS);
        return new LeadView(
                document.getString(LEAD_ID),
                document.getString(NAME),
                phones,
                document.getString(EMAIL),
                address == null ? null : new LeadView.PropertyAddress(address.getString(STREET),
                        address.getString(CITY), address.getString(STATE), address.getString(POSTAL_CODE)),
                document.getString(TIMEZONE),
                document.getString(SOURCE),
                document.getList(TAGS, String.class, List.of()),
                status == null ? null : LeadStatus.fromWireName(status),
                document.getString(ASSIGNEE_USER_ID),
                consents(document.get(CONSENTS, Document.class), phones, withSourceIp),
                number(document, CALL_COUNT),
                number(document, BLOCKED_CALL_COUNT),
                instant(document, LAST_CALL_AT),
                instant(document, CREATED_AT),
                instant(document, UPDATED_AT),
                number(document, VERSION));
    }

    /** Consent of the lead's current numbers first, in their order, then of any other number it once had. */
    private static List<ConsentView> consents(@Nullable Document consents, List<String> phones,
                                              boolean withSourceIp) {
        if (consents == null || consents.isEmpty()) {
            return List.of();
        }
        List<ConsentView> views = new ArrayList<>();
        for (Map.Entry<String, Object> entry : consents.entrySet()) {
            if (entry.getValue() instanceof Document consent) {
                views.add(consentView(consent, withSourceIp));
            }
        }
        views.sort(Comparator.comparingInt((ConsentView consent) -> {
            int position = phones.indexOf(consent.phone());
            return position < 0 ? Integer.MAX_VALUE : position;
        }).thenComparing(ConsentView::phone, Comparator.nullsLast(Comparator.naturalOrder())));
        return List.copyOf(views);
    }

    private static ConsentView consentView(Document consent, boolean withSourceIp) {
        Document evidence = consent.get(EVIDENCE, Document.class);
        return new ConsentView(
                consent.getString(CONSENT_PHONE),
                ConsentView.Status.parse(consent.getString(CONSENT_STATUS)),
                evidence == null ? null : new ConsentView.Evidence(instant(evidence, GIVEN_AT),
                        evidence.getString(METHOD), evidence.getString(CONSENT_TEXT_VERSION),
                        evidence.getString(EVIDENCE_SOURCE), withSourceIp ? evidence.getString(SOURCE_IP) : null),
                instant(consent, RECORDED_AT),
                instant(consent, REVOKED_AT));
    }

    private static long number(Document document, String field) {
        return document.get(field) instanceof Number number ? number.longValue() : 0;
    }

    @Nullable
    private static Instant instant(Document document, String field) {
        Date date = document.getDate(field);
        return date == null ? null : date.toInstant();
    }
}
