package com.nlre.tenancy.bench.cpu;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a service's request threads were doing, from thread dumps ({@code jcmd <pid> Thread.print}) taken during a
 * phase: each request-handling thread's state, and for each thread the first frame of our own code or, when it waits,
 * what it waits on. Many threads waiting on one lock or one pool mean the throughput is held by that, not by the cores.
 */
public final class ThreadStates {

    /** One request thread in one dump. */
    public record Sample(String thread, String state, String where) {
    }

    private final List<Sample> samples = new ArrayList<>();
    private int dumps;

    /** Adds the request threads ({@code http-nio-…-exec-…}) of one {@code Thread.print} output. */
    public void add(String threadDump) {
        dumps++;
        samples.addAll(requestThreads(threadDump));
    }

    public int dumps() {
        return dumps;
    }

    public List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** Samples by state, most frequent first. */
    public Map<String, Long> byState() {
        return sortedCounts(samples.stream().collect(Collectors.groupingBy(Sample::state, Collectors.counting())));
    }

    /** Samples by state and place, most frequent first. */
    public Map<String, Long> byPlace() {
        return sortedCounts(samples.stream().collect(Collectors.groupingBy(
                sample -> sample.state() + " — " + sample.where(), Collectors.counting())));
    }

    private static Map<String, Long> sortedCounts(Map<String, Long> counts) {
        Map<String, Long> sorted = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .forEach(entry -> sorted.put(entry.getKey(), entry.getValue()));
        return sorted;
    }

    static List<Sample> requestThreads(String threadDump) {
        List<Sample> found = new ArrayList<>();
        for (String block : threadDump.split("\\R\\R")) {
            String[] lines = block.strip().split("\\R");
            if (lines.length < 2 || !lines[0].startsWith("\"http-nio-") || !lines[0].contains("-exec-")) {
                continue;
            }
            String thread = lines[0].substring(1, lines[0].indexOf('"', 1));
            String state = "?";
            String waitingOn = null;
            String firstFrame = null;
            String ourFrame = null;
            for (String line : lines) {
                String text = line.strip();
                if (text.startsWith("java.lang.Thread.State: ")) {
                    state = text.substring("java.lang.Thread.State: ".length()).split(" ")[0];
                } else if (text.startsWith("at ")) {
                    if (firstFrame == null) {
                        firstFrame = frame(text);
                    }
                    if (ourFrame == null && text.startsWith("at com.nlre.")) {
                        ourFrame = frame(text);
                    }
                } else if (waitingOn == null && (text.startsWith("- parking to wait for")
                        || text.startsWith("- waiting to lock") || text.startsWith("- waiting on"))) {
                    waitingOn = text.replaceAll("<0x[0-9a-f]+> ", "").substring(2);
                }
            }
            String where;
            if (isIdleInPool(firstFrame, lines)) {
                where = "idle (waiting for a request)";
            } else if (!"RUNNABLE".equals(state) && waitingOn != null) {
                where = waitingOn + " in " + firstFrame + (ourFrame == null ? "" : ", under " + ourFrame);
            } else {
                where = firstFrame + (ourFrame == null ? "" : ", under " + ourFrame);
            }
            found.add(new Sample(thread, state, where));
        }
        return found;
    }

    private static boolean isIdleInPool(String firstFrame, String[] lines) {
        if (firstFrame == null || !firstFrame.startsWith("jdk.internal.misc.Unsafe.park")) {
            return false;
        }
        for (String line : lines) {
            String text = line.strip();
            if (text.startsWith("at org.apache.tomcat.util.threads.TaskQueue.take")
                    || text.startsWith("at org.apache.tomcat.util.threads.TaskQueue.poll")) {
                return true;
            }
        }
        return false;
    }

    /** {@code at a.b.C.m(C.java:12)} → {@code a.b.C.m}. */
    private static String frame(String atLine) {
        String text = atLine.substring(3);
        int paren = text.indexOf('(');
        return paren < 0 ? text : text.substring(0, paren);
    }
}
