package com.nlre.tenancy.command.rules;

/**
 * A command is well-formed but the aggregate's current state forbids it (answered 422). {@code rule} is the rule's
 * stable name, e.g. {@code CANCELED_TENANT_IS_FINAL}.
 */
public class BusinessRuleViolation extends RuntimeException {

    private final String rule;

    public BusinessRuleViolation(String rule, String message) {
        super(message);
        this.rule = rule;
    }

    public String rule() {
        return rule;
    }
}
