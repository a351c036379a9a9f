package com.nlre.tenancy.command.rules;

/**
 * A command names something its aggregate does not hold. Answered 404 exactly like an unknown id at the HTTP edge, so
 * another tenant's resource is indistinguishable from one that does not exist.
 */
public class UnknownResource extends RuntimeException {

    private final String rule;
    private final String id;

    public UnknownResource(String rule, String id) {
        super("No resource with id '" + id + "'");
        this.rule = rule;
        this.id = id;
    }

    public String rule() {
        return rule;
    }

    public String id() {
        return id;
    }
}
