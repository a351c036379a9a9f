package com.nlre.tenancy.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RebuildComparisonTest {

    @Test
    void namesTheFirstAnswerThatDiffersAndShowsBothSidesFromShortlyBeforeTheDifference() {
        String live = "{\"items\":[{\"leadId\":\"l-1\",\"status\":\"NEW\"}]}";
        String rebuilt = "{\"items\":[{\"leadId\":\"l-1\",\"status\":\"CONTACTED\"}]}";

        String difference = BenchMain.firstDifference(List.of("page-1", live, "usage"),
                List.of("page-1", rebuilt, "usage"));

        assertThat(difference).startsWith("answer 2 of 3 (the last is the usage report), from character 36:")
                .contains("\"status\":\"NEW\"").contains("\"status\":\"CONTACTED\"");
    }

    @Test
    void aMissingAnswerIsADifferenceAndEqualSnapshotsHaveNone() {
        assertThat(BenchMain.firstDifference(List.of("a", "b"), List.of("a"))).contains("answer 2 of 2")
                .contains("(no such answer)");
        assertThat(BenchMain.firstDifference(List.of("a", "b"), List.of("a", "b"))).isEqualTo("no difference");
    }
}
