package com.nlre.tenancy.query.web;

import com.nlre.tenancy.web.ProblemException;
import org.junit.jupiter.api.Test;

import java.util.Date;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PageCursorTest {

    @Test
    void comesBackAsItWasEncodedAndLooksOpaque() {
        PageCursor cursor = new PageCursor("name", "maría \"o'brien\" {$where}", "lead_1");
        String encoded = cursor.encode();

        assertThat(encoded).matches("[A-Za-z0-9_-]+").doesNotContain("maría");
        assertThat(PageCursor.decode(encoded, "name")).isEqualTo(cursor);
        assertThat(PageCursor.decode(PageCursor.of("-createdAt", new Date(1_700_000_000_123L), "x").encode(),
                "-createdAt").dateKey()).isEqualTo(new Date(1_700_000_000_123L));
    }

    @Test
    void refusesAnythingElseNamingTheCursorParameter() {
        for (String value : new String[]{"", "%%%", "bm90IGpzb24", "e30", "eyJvIjoxLCJrIjoyLCJpIjozfQ",
                "x".repeat(3_000)}) {
            assertThatThrownBy(() -> PageCursor.decode(value, "name")).as(value)
                    .isInstanceOfSatisfying(ProblemException.class,
                            problem -> assertThat(problem.getMessage()).startsWith("cursor:"));
        }
        assertThatThrownBy(() -> PageCursor.decode(new PageCursor("name", "a", "b").encode(), "-name"))
                .isInstanceOf(ProblemException.class).hasMessageContaining("another sort order");
    }

    @Test
    void limitsPagesToOneToAHundred() {
        assertThat(new CursorParameters(100, " ").cursor()).isNull();
        for (int limit : new int[]{0, -1, 101}) {
            assertThatThrownBy(() -> new CursorParameters(limit, null)).isInstanceOf(ProblemException.class)
                    .hasMessageStartingWith("limit:");
        }
    }
}
