package com.nlre.tenancy.bench.soak;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM's live objects by class, as {@code jcmd <pid> GC.class_histogram} prints them (after a full collection), and
 * what grew between two of them: the classes a leak is made of.
 */
public record ClassHistogram(Map<String, Entry> classes) {

    /** Live instances of one class and the bytes they take (shallow). */
    public record Entry(long instances, long bytes) {
    }

    /** Growth of one class between two histograms. */
    public record Growth(String className, long instances, long bytes) {
    }

    private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)(?:\\s+\\(.*\\))?\\s*$");

    public static ClassHistogram parse(String output) {
        Map<String, Entry> classes = new LinkedHashMap<>();
        for (String line : output.lines().toList()) {
            Matcher row = ROW.matcher(line);
            if (row.matches()) {
                classes.merge(row.group(3), new Entry(Long.parseLong(row.group(1)), Long.parseLong(row.group(2))),
                        (a, b) -> new Entry(a.instances() + b.instances(), a.bytes() + b.bytes()));
            }
        }
        return new ClassHistogram(Map.copyOf(classes));
    }

    public long totalBytes() {
        return classes.values().stream().mapToLong(Entry::bytes).sum();
    }

    /** The {@code limit} classes whose bytes grew most from {@code earlier} to this histogram, largest first. */
    public List<Growth> grownSince(ClassHistogram earlier, int limit) {
        List<Growth> growth = new ArrayList<>();
        classes.forEach((name, now) -> {
            Entry before = earlier.classes().getOrDefault(name, new Entry(0, 0));
            long bytes = now.bytes() - before.bytes();
            if (bytes > 0) {
                growth.add(new Growth(name, now.instances() - before.instances(), bytes));
            }
        });
        growth.sort(Comparator.comparingLong(Growth::bytes).reversed().thenComparing(Growth::className));
        return growth.size() > limit ? List.copyOf(growth.subList(0, limit)) : List.copyOf(growth);
    }
}
