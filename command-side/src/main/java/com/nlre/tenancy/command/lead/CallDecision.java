package com.nlre.tenancy.command.lead;

/**
 * The answer to {@link LeadCommands.LogCall}: logged, or refused by the named compliance rule (and recorded as
 * {@code CallBlocked}).
 */
public record CallDecision(String callId, boolean allowed, String rule, String reason) {

    static CallDecision logged(String callId) {
        return new CallDecision(callId, true, null, null);
    }

    static CallDecision blocked(String callId, CallRefusal refusal) {
        return new CallDecision(callId, false, refusal.rule(), refusal.reason());
    }
}
