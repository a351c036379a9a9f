package com.nlre.tenancy.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nlre.tenancy.bench.BenchOptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GdprExportReportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void reportsTheExportRateTheZipAndItsRecordCounts() throws Exception {
        Report report = new Report(BenchOptions.parse("--operator-password=secret"));

        report.gdprExport(job(6_500_000), 10.0, 200, 6_500_000, 0.25);

        assertThat(report.render()).contains("100,000 events read from its history")
                .contains("**10.0 s** (**10000 events/s**").contains("the ZIP is 6.5 MB (leads 1,000, calls 1,000)")
                .contains("downloaded in 0.25 s (status 200)").doesNotContain("The download had");
        assertThat(report.render().lines().filter(line -> line.startsWith("GDPR export of the huge tenant")))
                .singleElement().asString().doesNotContain("  ");
    }

    @Test
    void saysSoWhenTheDownloadIsNotTheSizeTheJobReported() throws Exception {
        Report report = new Report(BenchOptions.parse("--operator-password=secret"));

        report.gdprExport(job(6_500_000), 10.0, 200, 1_024, 0.01);

        assertThat(report.render()).contains("The download had 1,024 bytes, the job reported 6,500,000.");
    }

    private static JsonNode job(long sizeBytes) throws Exception {
        return JSON.readTree("""
                {"state":"completed","eventsRead":100000,"sizeBytes":%d,"counts":{"leads":1000,"calls":1000}}"""
                .formatted(sizeBytes));
    }
}
