package com.nlre.tenancy.events.billing;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.time.YearMonth;
import java.util.Objects;
import java.util.regex.Pattern;

/** A tenant's invoice for one billing month: {@code inv-YYYY-MM}, unique within the tenant. */
public record InvoiceId(String value) {

    private static final Pattern FORMAT = Pattern.compile("inv-\\d{4}-\\d{2}");

    @JsonCreator
    public InvoiceId {
        Objects.requireNonNull(value, "value");
        if (!FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("invoice id must look like inv-YYYY-MM");
        }
    }

    public static InvoiceId of(YearMonth period) {
        return new InvoiceId("inv-" + period);
    }

    public static boolean isValid(String value) {
        return value != null && FORMAT.matcher(value).matches();
    }

    public YearMonth period() {
        return YearMonth.parse(value.substring("inv-".length()));
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
