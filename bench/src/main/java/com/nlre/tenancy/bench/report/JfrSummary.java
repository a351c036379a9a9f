package com.nlre.tenancy.bench.report;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Hot methods of a JFR recording ({@code jdk.ExecutionSample}): where the CPU samples' top frames are (self time), and
 * the first frame of our own code ({@code com.nlre}) in each sampled stack (what of ours the time is spent under).
 */
public final class JfrSummary {

    public record Hot(String method, long samples, double share) {
    }

    public record Summary(long samples, List<Hot> selfTime, List<Hot> ourCode, List<Hot> categories) {
    }

    /**
     * Where a sample's time goes, by the first of these frames found anywhere in its stack (checked in this order):
     * what the write path is made of.
     */
    static final Map<String, List<String>> CATEGORIES = categories();

    private static Map<String, List<String>> categories() {
        Map<String, List<String>> categories = new java.util.LinkedHashMap<>();
        categories.put("access-token verification (JWT, RS256)", List.of("JwtDecoder.decode",
                "RSASignature.engineVerify"));
        categories.put("Kafka outbox (tracking processor, producer)", List.of("TrackingEventProcessor",
                "org.apache.kafka."));
        categories.put("command handling (aggregate, rules, event store, in-transaction processors)",
                List.of("CommandDispatcher.send"));
        categories.put("consistency token (last sequence query)", List.of("CommandDispatcher.tokenFor"));
        categories.put("access audit, rate limit, tenant standing", List.of("com.nlre.tenancy.web.audit.",
                "com.nlre.tenancy.web.ratelimit.", "TenantStanding"));
        categories.put("other request handling (Tomcat, Spring MVC and Security, JSON)", List.of(
                "org.apache.catalina.", "org.apache.coyote.", "org.springframework.web."));
        categories.put("JFR itself", List.of("jdk.jfr."));
        return categories;
    }

    public static Summary read(Path recording, int top) throws IOException {
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> ours = new HashMap<>();
        Map<String, Long> categories = new HashMap<>();
        long samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            RecordedStackTrace stack = event.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            samples++;
            self.merge(name(stack.getFrames().get(0)), 1L, Long::sum);
            stack.getFrames().stream().filter(frame -> frame.getMethod().getType().getName().startsWith("com.nlre."))
                    .findFirst().ifPresent(frame -> ours.merge(name(frame), 1L, Long::sum));
            List<String> frames = stack.getFrames().stream().map(frame -> frame.getMethod().getType().getName() + "."
                    + frame.getMethod().getName()).toList();
            categories.merge(CATEGORIES.entrySet().stream()
                    .filter(category -> category.getValue().stream().anyMatch(
                            marker -> frames.stream().anyMatch(frame -> frame.contains(marker))))
                    .map(Map.Entry::getKey).findFirst().orElse("other (JVM, GC, idle pools…)"), 1L, Long::sum);
        }
        return new Summary(samples, top(self, samples, top), top(ours, samples, top),
                top(categories, samples, categories.size()));
    }

    private static String name(RecordedFrame frame) {
        String type = frame.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName()
                + " (" + type.substring(0, Math.max(0, type.lastIndexOf('.'))) + ")";
    }

    private static List<Hot> top(Map<String, Long> counts, long samples, int top) {
        return counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                .map(e -> new Hot(e.getKey(), e.getValue(), samples == 0 ? 0 : 100.0 * e.getValue() / samples))
                .collect(Collectors.toList());
    }

    private JfrSummary() {
    }
}
