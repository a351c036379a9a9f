package com.nlre.tenancy.command.lead.dnc;

import com.nlre.tenancy.command.lead.PhoneNumbers;
import com.nlre.tenancy.web.ProblemException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The platform-wide do-not-call list ({@code platform_dnc}), loaded by operators from files. Loading merges: numbers
 * of the file are added, numbers already listed stay as they were, and nothing is removed (a number leaves the list
 * only through {@link #remove}). A load is one transaction: it is stored whole or not at all.
 */
@Repository
public class PlatformDoNotCallList {

    public static final int MAX_LINES = 1_000_000;
    static final int MAX_REPORTED_INVALID = 100;
    private static final int MAX_REPORTED_VALUE_LENGTH = 64;
    private static final int BATCH_SIZE = 1_000;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    public PlatformDoNotCallList(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /** A line that holds no phone number: its number in the file (from 1) and what it held, shortened. */
    public record InvalidLine(int line, String value) {
    }

    /**
     * @param loaded        numbers newly listed
     * @param alreadyListed numbers that were listed before, or appeared earlier in the same file
     * @param invalidCount  lines that hold no phone number
     * @param invalid       the first {@value #MAX_REPORTED_INVALID} of them
     */
    public record LoadReport(int loaded, int alreadyListed, int invalidCount, List<InvalidLine> invalid) {
    }

    /**
     * Merges a list of numbers into the platform list: one number per line, in any common writing (normalised to
     * E.164); blank lines are skipped, and so is a first line without digits (a header). On lines with several
     * comma-, semicolon- or tab-separated fields the number is the first field.
     */
    public LoadReport merge(String text, String source, Instant loadedAt) {
        Set<String> numbers = new LinkedHashSet<>();
        int repeated = 0;
        int invalidCount = 0;
        List<InvalidLine> invalid = new ArrayList<>();
        List<String> lines = text.lines().toList();
        if (lines.size() > MAX_LINES) {
            throw ProblemException.invalidParameter("body", "must hold at most " + MAX_LINES + " lines");
        }
        boolean seenContent = false;
        for (int index = 0; index < lines.size(); index++) {
            String line = lines.get(index).strip();
            if (line.isEmpty()) {
                continue;
            }
            boolean first = !seenContent;
            seenContent = true;
            if (first && line.chars().noneMatch(Character::isDigit)) {
                continue;
            }
            String number = PhoneNumbers.normalise(firstField(line));
            if (!PhoneNumbers.isE164(number)) {
                invalidCount++;
                if (invalid.size() < MAX_REPORTED_INVALID) {
                    invalid.add(new InvalidLine(index + 1, shortened(line)));
                }
            } else if (!numbers.add(number)) {
                repeated++;
            }
        }
        int loaded = insertNew(new ArrayList<>(numbers), source, loadedAt);
        return new LoadReport(loaded, numbers.size() - loaded + repeated, invalidCount, invalid);
    }

    /** @return whether the number was listed */
    public boolean remove(String e164) {
        return jdbc.update("delete from platform_dnc where phone = ?", e164) > 0;
    }

    public boolean contains(String e164) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select count(*) > 0 from platform_dnc where phone = ?",
                Boolean.class, e164));
    }

    /**
     * Inserts in batches; a number listed already (by an earlier or a concurrent load) is left alone. A driver that
     * reports no per-row count ({@code SUCCESS_NO_INFO}) makes its rows count as loaded.
     */
    private int insertNew(List<String> numbers, String source, Instant loadedAt) {
        Integer inserted = transactions.execute(status -> {
            int count = 0;
            for (int from = 0; from < numbers.size(); from += BATCH_SIZE) {
                List<String> batch = numbers.subList(from, Math.min(numbers.size(), from + BATCH_SIZE));
                int[][] results = jdbc.batchUpdate("insert into platform_dnc (phone, source, loaded_at) "
                                + "values (?, ?, ?) on conflict do nothing", batch, batch.size(),
                        (statement, number) -> {
                            statement.setString(1, number);
                            statement.setString(2, source);
                            statement.setString(3, loadedAt.toString());
                        });
                for (int[] batchResults : results) {
                    for (int result : batchResults) {
                        count += result == 0 ? 0 : 1;
                    }
                }
            }
            return count;
        });
        return inserted == null ? 0 : inserted;
    }

    private static String firstField(String line) {
        int end = line.length();
        for (char separator : new char[]{',', ';', '\t'}) {
            int at = line.indexOf(separator);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        String field = line.substring(0, end).strip();
        return field.length() >= 2 && field.startsWith("\"") && field.endsWith("\"")
                ? field.substring(1, field.length() - 1).strip() : field;
    }

    private static String shortened(String line) {
        return line.length() <= MAX_REPORTED_VALUE_LENGTH ? line : line.substring(0, MAX_REPORTED_VALUE_LENGTH) + "…";
    }
}
