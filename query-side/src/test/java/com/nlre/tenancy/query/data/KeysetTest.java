package com.nlre.tenancy.query.data;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How a page position joins the caller's own conditions on the sort field. */
class KeysetTest {

    private static final Date EARLY = new Date(1_000);
    private static final Date LATE = new Date(2_000);

    @Test
    void addsAConditionBesideTheCallersOtherFields() {
        Document filter = new Document("status", "new");

        assertThat(Keyset.withCondition(filter, "createdAt", "$lt", LATE))
                .isEqualTo(new Document("status", "new").append("createdAt", new Document("$lt", LATE)));
        assertThat(filter).isEqualTo(new Document("status", "new"));
    }

    @Test
    void keepsTheStricterOfTwoBoundsOnTheSameSide() {
        Document range = new Document("createdAt", new Document("$gte", EARLY).append("$lt", LATE));

        assertThat(Keyset.withCondition(range, "createdAt", "$lt", EARLY).get("createdAt"))
                .isEqualTo(new Document("$gte", EARLY).append("$lt", EARLY));
        assertThat(Keyset.withCondition(range, "createdAt", "$lt", new Date(3_000)).get("createdAt"))
                .isEqualTo(new Document("$gte", EARLY).append("$lt", LATE));
        assertThat(Keyset.withCondition(range, "createdAt", "$gt", LATE).get("createdAt"))
                .isEqualTo(new Document("$gte", EARLY).append("$lt", LATE).append("$gt", LATE));
    }

    @Test
    void turnsAnEqualityIntoConditionsThatBothHold() {
        assertThat(Keyset.withCondition(new Document("leadId", "a"), "leadId", "$gt", "b").get("leadId"))
                .isEqualTo(new Document("$eq", "a").append("$gt", "b"));
        assertThat(Keyset.withCondition(new Document("leadId", "a"), "leadId", "$eq", "b").get("leadId"))
                .isEqualTo(new Document("$eq", "a").append("$in", List.of()));
    }
}
