package com.nlre.tenancy.command.lead;

/** Why a call may not happen: the rule's stable name and a human reason. */
public record CallRefusal(String rule, String reason) {
}
