package com.nlre.tenancy.command.agent;

import com.nlre.tenancy.command.agent.AgentCommands.AgentSettings;
import com.nlre.tenancy.command.rules.BusinessRuleViolation;
import com.nlre.tenancy.command.rules.InvalidCommand;
import com.nlre.tenancy.command.rules.ValueRules;
import com.nlre.tenancy.events.agent.AgentId;

import java.util.regex.Pattern;

/** An AI agent's named rules. Value rules answer 400 with the field at fault, state rules 422 with the rule. */
final class AgentRules {

    static final String AGENT_ID_FORMAT = "AGENT_ID_FORMAT";
    static final String VOICE_FORMAT = "VOICE_FORMAT";
    static final String RETIRED_AGENT_IS_FINAL = "RETIRED_AGENT_IS_FINAL";

    static final int MAX_NAME_LENGTH = 100;
    static final int MAX_PURPOSE_LENGTH = 500;
    /** A voice provider's voice id, e.g. {@code en-US-Neural2-F} or {@code eleven:rachel}. */
    private static final Pattern VOICE = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    private AgentRules() {
    }

    /** Client-supplied agent ids follow {@link AgentId}'s format, which keeps them apart from user ids. */
    static AgentId validAgentId(String agentId) {
        if (!AgentId.isValid(agentId)) {
            throw new InvalidCommand(AGENT_ID_FORMAT, "agentId",
                    "must be 1-64 letters, digits, '_' or '-', and not start with 'user_'");
        }
        return new AgentId(agentId);
    }

    /** The settings with text stripped and the language in its canonical form; name, purpose, language required. */
    static AgentSettings validSettings(AgentSettings settings) {
        ValueRules.required("settings", settings);
        String name = ValueRules.requireText("name", settings.name(), MAX_NAME_LENGTH);
        String purpose = ValueRules.requireText("purpose", settings.purpose(), MAX_PURPOSE_LENGTH);
        String voice = settings.voice();
        if (voice != null && !VOICE.matcher(voice).matches()) {
            throw new InvalidCommand(VOICE_FORMAT, "voice", "must be 1-100 letters, digits, '.', '_', ':' or '-'");
        }
        String language = ValueRules.requireLocale("language", ValueRules.required("language", settings.language()));
        return new AgentSettings(name, purpose, voice, language);
    }

    static void retiredAgentIsFinal(boolean retired) {
        if (retired) {
            throw new BusinessRuleViolation(RETIRED_AGENT_IS_FINAL, "The agent was retired; it can no longer change.");
        }
    }
}
