package com.nlre.tenancy.query.gdpr;

import com.nlre.tenancy.events.audit.AccessRecord;
import com.nlre.tenancy.events.lead.LeadId;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.agent.AgentPage;
import com.nlre.tenancy.query.agent.AgentReadModel;
import com.nlre.tenancy.query.agent.AgentStatus;
import com.nlre.tenancy.query.audit.AccessAuditLog;
import com.nlre.tenancy.query.audit.AccessAuditPage;
import com.nlre.tenancy.query.audit.AccessAuditQuery;
import com.nlre.tenancy.query.billing.InvoiceProjection;
import com.nlre.tenancy.query.call.CallPage;
import com.nlre.tenancy.query.call.CallReadModel;
import com.nlre.tenancy.query.call.CallView;
import com.nlre.tenancy.query.lead.LeadFilter;
import com.nlre.tenancy.query.lead.LeadOrder;
import com.nlre.tenancy.query.lead.LeadPage;
import com.nlre.tenancy.query.lead.LeadReadModel;
import com.nlre.tenancy.query.lead.LeadView;
import com.nlre.tenancy.query.tenant.TenantReadModel;
import com.nlre.tenancy.query.usage.UsageReadModel;
import com.nlre.tenancy.query.usage.UsageRecord;
import com.nlre.tenancy.query.user.UserPage;
import com.nlre.tenancy.query.user.UserReadModel;
import com.nlre.tenancy.query.user.UserStatus;
import com.nlre.tenancy.query.web.CursorParameters;
import com.nlre.tenancy.query.web.PageParameters;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/**
 * The read models and the event store's history of one tenant, as a {@link TenantExportSource}: current state from the
 * query side's read models (through the tenant-scoped layer), history from the command side. Every list is read in
 * windows of at most {@value #WINDOW}.
 */
@Component
public class ReadModelExportSources {

    static final int WINDOW = 100;
    /** More invoices than a tenant can have: one per month. */
    private static final int MAX_INVOICES = 10_000;

    private final TenantReadModel tenants;
    private final UserReadModel users;
    private final LeadReadModel leads;
    private final CallReadModel calls;
    private final AgentReadModel agents;
    private final UsageReadModel usage;
    private final InvoiceProjection invoices;
    private final AccessAuditLog accessAudit;
    private final TenantHistoryReader history;

    public ReadModelExportSources(TenantReadModel tenants, UserReadModel users, LeadReadModel leads,
                                  CallReadModel calls, AgentReadModel agents, UsageReadModel usage,
                                  InvoiceProjection invoices, AccessAuditLog accessAudit,
                                  TenantHistoryReader history) {
        this.tenants = tenants;
        this.users = users;
        this.leads = leads;
        this.calls = calls;
        this.agents = agents;
        this.usage = usage;
        this.invoices = invoices;
        this.accessAudit = accessAudit;
        this.history = history;
    }

    public TenantExportSource of(TenantId tenantId) {
        return new TenantExportSource() {

            @Override
            public @Nullable Object tenant() {
                return tenants.find(tenantId).orElse(null);
            }

            @Override
            public void users(Consumer<Object> each) {
                for (UserStatus status : UserStatus.values()) {
                    int page = 0;
                    UserPage window;
                    do {
                        window = users.list(tenantId, null, status, new PageParameters(page++, WINDOW));
                        window.items().forEach(each);
                    } while (page < window.totalPages());
                }
            }

            @Override
            public void leads(Consumer<Object> each) {
                String cursor = null;
                do {
                    LeadPage window = leads.list(tenantId, LeadFilter.NONE, LeadOrder.OLDEST_FIRST,
                            new CursorParameters(WINDOW, cursor));
                    for (LeadView listed : window.items()) {
                        LeadId leadId = new LeadId(listed.leadId());
                        leads.find(tenantId, leadId).ifPresent(lead -> each.accept(
                                new LeadExport(lead, lead.consent(), callsOf(tenantId, leadId))));
                    }
                    cursor = window.nextCursor();
                } while (cursor != null);
            }

            @Override
            public void agents(Consumer<Object> each) {
                for (AgentStatus status : AgentStatus.values()) {
                    int page = 0;
                    AgentPage window;
                    do {
                        window = agents.list(tenantId, status, new PageParameters(page++, WINDOW));
                        window.items().forEach(each);
                    } while (page < window.totalPages());
                }
            }

            @Override
            public void usageLedger(Consumer<Object> each) {
                String after = null;
                List<UsageRecord> window;
                do {
                    window = usage.allRecords(tenantId, after, WINDOW);
                    window.forEach(each);
                    after = window.isEmpty() ? null : window.get(window.size() - 1).transactionId();
                } while (window.size() == WINDOW);
            }

            @Override
            public void invoices(Consumer<Object> each) {
                invoices.invoicesOf(tenantId, MAX_INVOICES).forEach(each);
            }

            @Override
            public void accessAudit(Consumer<Object> each) {
                accessAuditOf(tenantId, new AccessAuditQuery(null, null, null, null, null)).forEach(each);
            }

            @Override
            public List<String> historyPage(long after, int limit) {
                return history.page(tenantId, null, after, limit);
            }
        };
    }

    /** Every call logged with the lead, newest first. */
    List<CallView> callsOf(TenantId tenantId, LeadId leadId) {
        List<CallView> all = new ArrayList<>();
        String cursor = null;
        do {
            CallPage window = calls.forLead(tenantId, leadId, new CursorParameters(WINDOW, cursor));
            all.addAll(window.items());
            cursor = window.nextCursor();
        } while (cursor != null);
        return all;
    }

    /** Every matching access-audit record, newest first, read a window at a time. */
    Iterable<AccessRecord> accessAuditOf(TenantId tenantId, AccessAuditQuery query) {
        return () -> new Iterator<>() {
            private List<AccessRecord> window = List.of();
            private int index;
            private String cursor;
            private boolean last;

            @Override
            public boolean hasNext() {
                while (index >= window.size() && !last) {
                    AccessAuditPage page = accessAudit.list(tenantId, query, new CursorParameters(WINDOW, cursor));
                    window = page.items();
                    index = 0;
                    cursor = page.nextCursor();
                    last = cursor == null;
                }
                return index < window.size();
            }

            @Override
            public AccessRecord next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return window.get(index++);
            }
        };
    }
}
