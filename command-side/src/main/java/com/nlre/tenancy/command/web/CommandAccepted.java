package com.nlre.tenancy.command.web;

import com.nlre.tenancy.web.ConsistencyToken;

/** The answer to an accepted command: what changed and the token to read it back consistently. */
public record CommandAccepted(String tenantId, String aggregateId, String consistencyToken) {

    public static CommandAccepted of(ConsistencyToken token) {
        return new CommandAccepted(token.tenantId().value(), token.aggregateId(), token.format());
    }
}
