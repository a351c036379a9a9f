package com.nlre.tenancy.bench.report;

import com.nlre.tenancy.bench.load.EndpointStats;
import org.HdrHistogram.Histogram;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Markdown tables of latency distributions and error counts. */
public final class Tables {

    public static final String LATENCY_HEADER = """
            | endpoint | ok | per s | p50 ms | p95 ms | p99 ms | max ms | not 2xx (by status) |
            | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |
            """;

    public static String latencyRows(Collection<EndpointStats> endpoints, double seconds) {
        return latencyRows(endpoints, seconds, "");
    }

    public static String latencyRows(Collection<EndpointStats> endpoints, double seconds, String prefix) {
        StringBuilder rows = new StringBuilder();
        for (EndpointStats stats : endpoints) {
            Histogram h = stats.histogram();
            rows.append(String.format(Locale.ROOT, "| %s%s | %d | %.1f | %s | %s | %s | %s | %s |%n", prefix, stats.name(),
                    stats.succeeded(), seconds > 0 ? stats.succeeded() / seconds : 0, ms(h, 50), ms(h, 95),
                    ms(h, 99), h.getTotalCount() == 0 ? "–" : millis(h.getMaxValue()), errors(stats.statuses())));
        }
        return rows.toString();
    }

    /** Percentile in milliseconds with two significant decimals, or a dash when nothing was recorded. */
    public static String ms(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? "–" : millis(histogram.getValueAtPercentile(percentile));
    }

    public static String millis(long micros) {
        return String.format(Locale.ROOT, "%.1f", micros / 1000.0);
    }

    static String errors(Map<Integer, Long> statuses) {
        String errors = statuses.entrySet().stream().filter(e -> e.getKey() < 200 || e.getKey() >= 300)
                .map(e -> (e.getKey() == 0 ? "no answer" : e.getKey().toString()) + ": " + e.getValue())
                .collect(Collectors.joining(", "));
        return errors.isEmpty() ? "none" : errors;
    }

    public static String ratio(double ours, double baseline) {
        return baseline <= 0 ? "–" : String.format(Locale.ROOT, "%.2f", ours / baseline);
    }

    private Tables() {
    }
}
