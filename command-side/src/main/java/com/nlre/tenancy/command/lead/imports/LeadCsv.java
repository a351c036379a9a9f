package com.nlre.tenancy.command.lead.imports;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.nlre.tenancy.command.lead.PhoneNumbers;
import com.nlre.tenancy.events.lead.LeadContact;
import com.nlre.tenancy.events.lead.LeadId;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a lead list the way wholesalers keep them: a CSV with a header row. Columns (case-insensitive, any order):
 * {@code leadId} (optional), {@code name} (required), {@code phone} (required; several separated by {@code ;}),
 * {@code email}, {@code street}, {@code city}, {@code state}, {@code postalCode}, {@code timezone}, {@code source},
 * {@code tags} ({@code ;}-separated). Unknown columns are ignored.
 *
 * <p>A row without {@code leadId} gets one derived from its primary number and name, so uploading the same file again
 * adds nothing twice. Rows are checked here for what makes them unusable (no name, no valid number, a lead id used
 * twice in the file); the lead's own rules check the rest when it is added.
 */
public final class LeadCsv {

    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{7,14}");
    /**
     * Cells beyond the header's columns (e.g. trailing commas) are ignored rather than failing the file. Blank lines
     * are read (and then skipped) so that the parser's line count stays the file's.
     */
    private static final CsvMapper MAPPER = new CsvMapper().enable(CsvParser.Feature.TRIM_SPACES)
            .enable(CsvParser.Feature.IGNORE_TRAILING_UNMAPPABLE);

    /**
     * Rule CELL_MUST_NOT_BE_A_FORMULA: a text cell starting with {@code = + - @}, a tab or a carriage return would run
     * as a formula when the data is opened in a spreadsheet (CSV injection, OWASP); such a row is refused, never
     * stored. Phone cells are exempt: they are checked as numbers (and {@code +} starts every E.164 number).
     */
    static final String FORMULA_MESSAGE = "must not start with =, +, -, @, a tab or a carriage return "
            + "(CELL_MUST_NOT_BE_A_FORMULA)";
    private static final List<String> TEXT_COLUMNS = List.of("name", "leadid", "email", "street", "city", "state",
            "postalcode", "timezone", "source", "tags");
    private static final Map<String, String> FIELD_NAMES = Map.of("leadid", "leadId", "postalcode", "postalCode");

    private LeadCsv() {
    }

    static boolean looksLikeAFormula(String cell) {
        if (cell == null || cell.isEmpty()) {
            return false;
        }
        for (String part : cell.split(";", -1)) {
            String value = part.stripLeading();
            char first = value.isEmpty() ? ' ' : value.charAt(0);
            if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                    || part.startsWith("\t") || part.startsWith("\r")) {
                return true;
            }
        }
        return false;
    }

    /**
     * A usable row; {@code line} is the line of the file it starts on (the header is line 1; blank lines count).
     */
    public record Row(int line, LeadId leadId, LeadContact contact, String timezone, String source, Set<String> tags) {
    }

    public record RowError(int line, String field, String message) {
    }

    public record Parsed(List<Row> rows, List<RowError> errors) {

        public int total() {
            return rows.size() + (int) errors.stream().mapToInt(RowError::line).distinct().count();
        }
    }

    public static Parsed parse(Reader csv, int maxRows) throws IOException {
        List<Row> rows = new ArrayList<>();
        List<RowError> errors = new ArrayList<>();
        Set<String> seenIds = new HashSet<>();
        try (MappingIterator<Map<String, String>> records = MAPPER.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(csv)) {
            while (records.hasNextValue()) {
                int line = records.getParser().currentTokenLocation().getLineNr() + 1;
                Map<String, String> raw = lowerCaseKeys(records.nextValue());
                if (raw.values().stream().allMatch(value -> value == null || value.isBlank())) {
                    continue;
                }
                if (rows.size() + errors.size() >= maxRows) {
                    errors.add(new RowError(line, null, "the file has more than " + maxRows + " rows"));
                    break;
                }
                parseRow(line, raw, seenIds, rows, errors);
            }
        }
        return new Parsed(rows, errors);
    }

    private static void parseRow(int line, Map<String, String> raw, Set<String> seenIds, List<Row> rows,
                                 List<RowError> errors) {
        for (String column : TEXT_COLUMNS) {
            if (looksLikeAFormula(raw.get(column))) {
                errors.add(new RowError(line, FIELD_NAMES.getOrDefault(column, column), FORMULA_MESSAGE));
                return;
            }
        }
        String name = blankToNull(raw.get("name"));
        if (name == null) {
            errors.add(new RowError(line, "name", "is required"));
            return;
        }
        List<String> phones = new ArrayList<>();
        for (String phone : split(raw.get("phone"))) {
            String normalised = PhoneNumbers.normalise(phone);
            if (!E164.matcher(normalised).matches()) {
                errors.add(new RowError(line, "phone", "'" + phone + "' is not a phone number"));
                return;
            }
            phones.add(normalised);
        }
        if (phones.isEmpty()) {
            errors.add(new RowError(line, "phone", "is required"));
            return;
        }
        String leadId = blankToNull(raw.get("leadid"));
        if (leadId == null) {
            leadId = derivedId(phones.get(0), name);
        } else if (!LeadId.isValid(leadId)) {
            errors.add(new RowError(line, "leadId", "must be 1-64 letters, digits, '_' or '-'"));
            return;
        }
        if (!seenIds.add(leadId)) {
            errors.add(new RowError(line, "leadId", "'" + leadId + "' appears more than once in the file"));
            return;
        }
        LeadContact.PropertyAddress address = raw.get("street") == null && raw.get("city") == null ? null
                : new LeadContact.PropertyAddress(blankToNull(raw.get("street")), blankToNull(raw.get("city")),
                blankToNull(raw.get("state")), blankToNull(raw.get("postalcode")));
        rows.add(new Row(line, new LeadId(leadId), new LeadContact(name, phones, blankToNull(raw.get("email")), address),
                blankToNull(raw.get("timezone")), blankToNull(raw.get("source")),
                new LinkedHashSet<>(split(raw.get("tags")).stream().map(tag -> tag.toLowerCase(Locale.ROOT)).toList())));
    }

    /** The same person at the same primary number gets the same id in every upload. */
    static String derivedId(String primaryPhone, String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    (primaryPhone + "|" + name.strip().toLowerCase(Locale.ROOT)).getBytes(StandardCharsets.UTF_8));
            return "imp_" + HexFormat.of().formatHex(digest, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> lowerCaseKeys(Map<String, String> record) {
        Map<String, String> lower = new HashMap<>();
        record.forEach((key, value) -> lower.put(key.strip().toLowerCase(Locale.ROOT), value));
        return lower;
    }

    private static List<String> split(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split(";")).map(String::strip).filter(part -> !part.isEmpty()).toList();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
