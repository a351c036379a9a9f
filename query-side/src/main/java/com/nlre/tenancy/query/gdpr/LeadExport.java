package com.nlre.tenancy.query.gdpr;

import com.nlre.tenancy.query.call.CallView;
import com.nlre.tenancy.query.lead.ConsentView;
import com.nlre.tenancy.query.lead.LeadView;

import java.util.List;

/** One line of {@code leads.ndjson}: a lead as it is now, its consent per number (TCPA) and every call logged with it. */
public record LeadExport(LeadView lead, List<ConsentView> consents, List<CallView> calls) {
}
