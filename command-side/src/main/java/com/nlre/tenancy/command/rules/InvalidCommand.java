package com.nlre.tenancy.command.rules;

/**
 * A command carries a value no state could accept (answered 400 with the field at fault). {@code field} is the JSON
 * path of the request field, e.g. {@code configuration.timezone}; {@code rule} the rule's stable name.
 */
public class InvalidCommand extends RuntimeException {

    private final String rule;
    private final String field;

    public InvalidCommand(String rule, String field, String message) {
        super(message);
        this.rule = rule;
        this.field = field;
    }

    public String rule() {
        return rule;
    }

    public String field() {
        return field;
    }
}
