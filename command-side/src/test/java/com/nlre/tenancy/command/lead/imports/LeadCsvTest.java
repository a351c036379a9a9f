package com.nlre.tenancy.command.lead.imports;

import org.junit.jupiter.api.Test;

import java.io.StringReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class LeadCsvTest {

    @Test
    void readsRowsInAnyColumnOrderAndReportsEachBadRowWithItsLineAndField() throws Exception {
        String csv = """
                Name,Phone,LeadId,Email,Tags
                Mary Seller,(555) 123-4567;555.987.6543,crm-1,mary@example.com,hot;Absentee
                ,555-222-3333,crm-2,,
                Bob Owner,not a phone,crm-3,,
                Ann Lister,5554443333,crm-1,,
                Tom Flipper,+1 555 777 8888,,,
                """;

        LeadCsv.Parsed parsed = LeadCsv.parse(new StringReader(csv), 1000);

        assertThat(parsed.rows()).extracting(row -> row.leadId().value())
                .containsExactly("crm-1", LeadCsv.derivedId("+15557778888", "Tom Flipper"));
        assertThat(parsed.rows().get(0).contact().phones()).containsExactly("+15551234567", "+15559876543");
        assertThat(parsed.rows().get(0).tags()).containsExactly("hot", "absentee");
        assertThat(parsed.errors()).extracting(LeadCsv.RowError::line, LeadCsv.RowError::field)
                .containsExactly(tuple(3, "name"),
                        tuple(4, "phone"),
                        tuple(5, "leadId"));
        assertThat(parsed.total()).isEqualTo(5);
    }

    @Test
    void refusesEveryRowWhoseTextCellWouldRunAsASpreadsheetFormula() throws Exception {
        String csv = """
                name,phone,street,city,tags,source,email
                "=HYPERLINK(""http://evil.example"",""click"")",+15551230001,,,,,
                Mary Seller,+15551230002,+1+cmd|' /C calc'!A0,,,,
                Bob Owner,+15551230003,,-2+3,,,
                Ann Lister,+15551230004,,,hot;@SUM(A1:A9),,
                Tom Flipper,+15551230005,,,,"	=1+1",
                Eve Buyer,+15551230006,,,,,=x@example.com
                Sam Plain,+15551230007,1 Main St,Austin,hot,web,sam@example.com
                """;

        LeadCsv.Parsed parsed = LeadCsv.parse(new StringReader(csv), 1000);

        assertThat(parsed.rows()).extracting(row -> row.contact().name()).containsExactly("Sam Plain");
        assertThat(parsed.errors()).extracting(LeadCsv.RowError::line, LeadCsv.RowError::field)
                .containsExactly(tuple(2, "name"), tuple(3, "street"), tuple(4, "city"), tuple(5, "tags"),
                        tuple(6, "source"), tuple(7, "email"));
        assertThat(parsed.errors()).extracting(LeadCsv.RowError::message).containsOnly(LeadCsv.FORMULA_MESSAGE);
    }

    @Test
    void derivesTheSameIdForTheSamePersonInEveryUpload() {
        assertThat(LeadCsv.derivedId("+15557778888", "Tom Flipper"))
                .isEqualTo(LeadCsv.derivedId("+15557778888", " tom flipper "))
                .matches("imp_[0-9a-f]{20}");
    }

    @Test
    void stopsAtTheRowLimit() throws Exception {
        StringBuilder csv = new StringBuilder("name,phone\n");
        for (int i = 0; i < 20; i++) {
            csv.append("Owner ").append(i).append(",+1555000").append(String.format("%04d", i)).append('\n');
        }
        LeadCsv.Parsed parsed = LeadCsv.parse(new StringReader(csv.toString()), 10);
        assertThat(parsed.rows()).hasSize(10);
        assertThat(parsed.errors()).extracting(LeadCsv.RowError::message)
                .containsExactly("the file has more than 10 rows");
    }

    @Test
    void reportsTheLineARowStartsOnCountingBlankLinesAndMultiLineCells() throws Exception {
        String csv = "name,phone,street\n\nMary Seller,5551234567,\"1 Main St\nUnit 4\"\n\n,5552223333,\n";

        LeadCsv.Parsed parsed = LeadCsv.parse(new StringReader(csv), 1000);

        assertThat(parsed.rows()).extracting(LeadCsv.Row::line).containsExactly(3);
        assertThat(parsed.errors()).extracting(LeadCsv.RowError::line).containsExactly(6);
    }
}
