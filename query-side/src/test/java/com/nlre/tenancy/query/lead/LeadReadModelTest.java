package com.nlre.tenancy.query.lead;

import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.lead.LeadAssigned;
import com.nlre.tenancy.events.lead.LeadDeleted;
import com.nlre.tenancy.events.lead.LeadId;
import com.nlre.tenancy.events.lead.LeadStatus;
import com.nlre.tenancy.events.lead.LeadStatusChanged;
import com.nlre.tenancy.events.tenant.TenantId;
import com.nlre.tenancy.query.InMemoryMongo;
import com.nlre.tenancy.query.TestEvents;
import com.nlre.tenancy.query.data.CrossTenantMongo;
import com.nlre.tenancy.query.data.MongoSchema;
import com.nlre.tenancy.query.data.TenantScopedMongo;
import com.nlre.tenancy.query.web.CursorParameters;
import com.nlre.tenancy.query.web.PageCursor;
import com.nlre.tenancy.web.ProblemException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Lead lists: filters, literal text search, keyset pagination and pipeline counts, without Spring. */
class LeadReadModelTest {

    private static final Instant T0 = Instant.parse("2026-11-10T15:00:00Z");

    private static InMemoryMongo mongo;

    private final TenantId tenantId = TenantId.generate();
    private final Map<LeadId, Long> sequences = new HashMap<>();
    private LeadProjection projection;
    private LeadReadModel leads;

    @BeforeAll
    static void startMongo() {
        mongo = new InMemoryMongo();
    }

    @AfterAll
    static void stopMongo() {
        mongo.close();
    }

    @BeforeEach
    void freshDatabase() {
        MongoTemplate template = mongo.freshTemplate();
        TenantScopedMongo scoped = new TenantScopedMongo(template);
        projection = new LeadProjection(scoped, new MongoSchema(template));
        projection.createIndexes();
        leads = new LeadReadModel(scoped, new CrossTenantMongo(template, new SimpleMeterRegistry()));
    }

    @Test
    void filtersByStatusTagAssigneeAndCreationRangeCombined() {
        add("a", "Ann Adams", T0, "probate");
        add("b", "Bob Brown", T0.plusSeconds(10), "probate", "hot");
        add("c", "Cid Cole", T0.plusSeconds(20), "hot");
        add("d", "Dee Dunn", T0.plusSeconds(30));
        change("b", new LeadStatusChanged(tenantId, lead("b"), LeadStatus.NEW, LeadStatus.CONTACTED, T0));
        change("c", new LeadStatusChanged(tenantId, lead("c"), LeadStatus.NEW, LeadStatus.CONTACTED, T0));
        change("c", new LeadAssigned(tenantId, lead("c"), "user_agent0001", T0));
        change("d", new LeadAssigned(tenantId, lead("d"), "user_agent0002", T0));

        assertThat(ids(filter(LeadStatus.CONTACTED, null, null, null, null, null))).containsExactly("c", "b");
        assertThat(ids(filter(null, "probate", null, null, null, null))).containsExactly("b", "a");
        assertThat(ids(filter(LeadStatus.CONTACTED, "hot", null, null, null, null))).containsExactly("c", "b");
        assertThat(ids(filter(null, null, "user_agent0001", null, null, null))).containsExactly("c");
        assertThat(ids(filter(null, null, LeadFilter.UNASSIGNED, null, null, null))).containsExactly("b", "a");
        assertThat(ids(filter(null, null, null, T0.plusSeconds(10), T0.plusSeconds(30), null)))
                .containsExactly("c", "b");
        assertThat(ids(filter(null, "no-such-tag", null, null, null, null))).isEmpty();
    }

    @Test
    void findsTextInTheNameOrThePropertyAddressWhateverItsCase() {
        add("a", "Maria Garcia", T0);
        add("b", "John Smith", T0.plusSeconds(1));
        add("c", "Garcia Holdings LLC", T0.plusSeconds(2));

        assertThat(ids(search("garcia"))).containsExactly("c", "a");
        assertThat(ids(search("JOHN s"))).containsExactly("b");
        assertThat(ids(search("street b"))).containsExactly("b");
        assertThat(ids(search("austin"))).containsExactly("c", "b", "a");
        assertThat(ids(search("78701"))).hasSize(3);
        assertThat(ids(search("dallas"))).isEmpty();
    }

    @Test
    void treatsRegexMetacharactersAndOperatorsInTheSearchTextLiterally() {
        add("plain", "John Smith", T0);
        add("dotstar", "Jo.*hn Owner", T0.plusSeconds(1));
        add("where", "$where: function() { return true }", T0.plusSeconds(2));
        add("paren", "Estate of (Late) A[1]", T0.plusSeconds(3));
        add("quote", "Back\\E slash \\Q", T0.plusSeconds(4));

        assertThat(ids(search(".*"))).containsExactly("dotstar");
        assertThat(ids(search("jo.*hn"))).containsExactly("dotstar");
        assertThat(ids(search("$where"))).containsExactly("where");
        assertThat(ids(search("{ return true }"))).containsExactly("where");
        assertThat(ids(search("(late) a[1]"))).containsExactly("paren");
        assertThat(ids(search("("))).containsExactly("paren", "where");
        assertThat(ids(search("[1"))).containsExactly("paren");
        assertThat(ids(search("\\e slash \\q"))).containsExactly("quote");
        assertThat(ids(search("^john"))).isEmpty();
        assertThat(ids(search("|"))).isEmpty();
        assertThat(ids(search("{\"$ne\": null}"))).isEmpty();
    }

    @Test
    void pagesThroughEveryLeadExactlyOnceInEachOrderEvenWithTiedKeys() {
        List<String> names = List.of("delta", "Alpha", "charlie", "alpha", "Bravo", "echo", "delta");
        for (int i = 0; i < 23; i++) {
            // many leads share a creation instant and a name, so only the lead id orders them
            add(String.format("lead-%02d", (i * 7) % 23), names.get(i % names.size()), T0.plusSeconds(i / 4));
        }

        for (LeadOrder order : LeadOrder.values()) {
            List<LeadView> all = leads.list(tenantId, LeadFilter.NONE, order, new CursorParameters(100, null))
                    .items();
            assertThat(all).as(order.wireName()).hasSize(23).isSortedAccordingTo(comparator(order));

            List<String> paged = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                LeadPage page = leads.list(tenantId, LeadFilter.NONE, order, new CursorParameters(4, cursor));
                page.items().forEach(lead -> paged.add(lead.leadId()));
                cursor = page.nextCursor();
                pages++;
            } while (cursor != null);

            assertThat(paged).as(order.wireName()).isEqualTo(all.stream().map(LeadView::leadId).toList());
            assertThat(pages).as(order.wireName()).isEqualTo(6);
        }
    }

    @Test
    void keepsItsPlaceWhileLeadsAreAddedAndDeletedBetweenPages() {
        for (int i = 0; i < 6; i++) {
            add("lead-" + i, "Owner " + i, T0.plusSeconds(i));
        }
        LeadPage first = leads.list(tenantId, LeadFilter.NONE, LeadOrder.NEWEST_FIRST, new CursorParameters(3, null));
        assertThat(ids(first)).containsExactly("lead-5", "lead-4", "lead-3");

        add("lead-new", "Newcomer", T0.plusSeconds(60));
        change("lead-4", new LeadDeleted(tenantId, lead("lead-4"), T0.plusSeconds(61)));
        LeadPage second = leads.list(tenantId, LeadFilter.NONE, LeadOrder.NEWEST_FIRST,
                new CursorParameters(3, first.nextCursor()));

        assertThat(ids(second)).containsExactly("lead-2", "lead-1", "lead-0");
        assertThat(second.nextCursor()).isNull();
    }

    @Test
    void combinesTheCursorWithTheCallersCreationRange() {
        for (int i = 0; i < 10; i++) {
            add("lead-" + i, "Owner " + i, T0.plusSeconds(i));
        }
        LeadFilter range = filter(null, null, null, T0.plusSeconds(2), T0.plusSeconds(8), null);

        LeadPage first = leads.list(tenantId, range, LeadOrder.NEWEST_FIRST, new CursorParameters(4, null));
        LeadPage second = leads.list(tenantId, range, LeadOrder.NEWEST_FIRST,
                new CursorParameters(4, first.nextCursor()));
        LeadPage ascending = leads.list(tenantId, range, LeadOrder.OLDEST_FIRST, new CursorParameters(4, null));
        LeadPage ascendingRest = leads.list(tenantId, range, LeadOrder.OLDEST_FIRST,
                new CursorParameters(4, ascending.nextCursor()));

        assertThat(ids(first)).containsExactly("lead-7", "lead-6", "lead-5", "lead-4");
        assertThat(ids(second)).containsExactly("lead-3", "lead-2");
        assertThat(ids(ascending)).containsExactly("lead-2", "lead-3", "lead-4", "lead-5");
        assertThat(ids(ascendingRest)).containsExactly("lead-6", "lead-7");
        assertThat(ascendingRest.nextCursor()).isNull();
    }

    @Test
    void refusesACursorItDidNotAnswerOrOneOfAnotherOrder() {
        add("a", "Ann", T0);
        add("b", "Bob", T0.plusSeconds(1));
        String byName = leads.list(tenantId, LeadFilter.NONE, LeadOrder.NAME_A_TO_Z, new CursorParameters(1, null))
                .nextCursor();

        for (String cursor : List.of("not-a-cursor", "eyJvIjoibmFtZSJ9", byName,
                new PageCursor("-createdAt", "soon", "a").encode(),
                new PageCursor("-createdAt", "1", "../../etc").encode())) {
            assertThatThrownBy(() -> leads.list(tenantId, LeadFilter.NONE, LeadOrder.NEWEST_FIRST,
                    new CursorParameters(1, cursor))).as(cursor)
                    .isInstanceOfSatisfying(ProblemException.class, problem -> {
                        assertThat(problem.status().value()).isEqualTo(400);
                        assertThat(problem.getMessage()).startsWith("cursor:");
                    });
        }
    }

    @Test
    void countsEveryPipelineStageLeavingDeletedLeadsOut() {
        add("a", "Ann", T0);
        add("b", "Bob", T0);
        add("c", "Cid", T0);
        add("d", "Dee", T0);
        change("b", new LeadStatusChanged(tenantId, lead("b"), LeadStatus.NEW, LeadStatus.CONTACTED, T0));
        change("c", new LeadStatusChanged(tenantId, lead("c"), LeadStatus.NEW, LeadStatus.CONTACTED, T0));
        change("d", new LeadStatusChanged(tenantId, lead("d"), LeadStatus.NEW, LeadStatus.CLOSED_LOST, T0));
        change("c", new LeadDeleted(tenantId, lead("c"), T0));
        TenantId other = TenantId.generate();
        projection.apply(TestEvents.receivedForLead(TestEvents.leadAdded(other, lead("a"),
                TestEvents.contact("Ann", "+15125550101", "1 Main St", "Austin"), T0), lead("a"), 0));

        PipelineView pipeline = leads.pipeline(tenantId);

        assertThat(pipeline.stages()).extracting(stage -> stage.status().wireName() + "=" + stage.count())
                .containsExactly("new=1", "contacted=1", "qualified=0", "under_contract=0", "closed_won=0",
                        "closed_lost=1");
        assertThat(pipeline.total()).isEqualTo(3);
    }

    private void add(String id, String name, Instant createdAt, String... tags) {
        LeadId leadId = lead(id);
        projection.apply(TestEvents.receivedForLead(TestEvents.leadAdded(tenantId, leadId,
                TestEvents.contact(name, "+15125550101", "12 Oak Street " + id, "Austin"), createdAt, tags),
                leadId, 0));
        sequences.put(leadId, 0L);
    }

    private void change(String id, TenantEvent event) {
        LeadId leadId = lead(id);
        long sequence = sequences.merge(leadId, 1L, Long::sum);
        projection.apply(TestEvents.receivedForLead(event, leadId, sequence));
    }

    private static LeadId lead(String id) {
        return new LeadId(id);
    }

    private List<String> ids(LeadFilter filter) {
        return ids(leads.list(tenantId, filter, LeadOrder.NEWEST_FIRST, new CursorParameters(100, null)));
    }

    private static List<String> ids(LeadPage page) {
        return page.items().stream().map(LeadView::leadId).toList();
    }

    private static LeadFilter search(String q) {
        return filter(null, null, null, null, null, q);
    }

    private static LeadFilter filter(LeadStatus status, String tag, String assignee, Instant from, Instant to,
                                     String q) {
        return new LeadFilter(status, tag, assignee, from, to, q);
    }

    private static Comparator<LeadView> comparator(LeadOrder order) {
        Comparator<LeadView> ascending = switch (order) {
            case NEWEST_FIRST, OLDEST_FIRST -> Comparator.comparing(LeadView::createdAt);
            case NAME_A_TO_Z, NAME_Z_TO_A -> Comparator.comparing(lead -> lead.name().toLowerCase(Locale.ROOT));
        };
        ascending = ascending.thenComparing(LeadView::leadId);
        return order == LeadOrder.NEWEST_FIRST || order == LeadOrder.NAME_Z_TO_A ? ascending.reversed() : ascending;
    }
}
