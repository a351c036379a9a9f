package com.nlre.tenancy.query.data;

import com.nlre.tenancy.events.tenant.TenantId;
import org.bson.Document;
import org.springframework.lang.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Keyset ("seek") pagination over a tenant's documents: each page starts strictly after the last document of the
 * previous one in a total order (a sort field, then a unique tie-break field), so pages neither skip nor repeat
 * documents while others are added, and no page costs more than its own length.
 *
 * <p>The position test "after (key, id)" is a disjunction, which {@link TenantScopedMongo} refuses as a top-level
 * {@code $or}; it runs instead as two plain queries: the rest of the current key's ties ({@code field = key} and
 * tie-break past {@code id}), then, if the page is not full, the documents past {@code key}. Both add their condition
 * to the caller's filter on the same field (the stricter bound wins), so the caller's own range still holds.
 */
public final class Keyset {

    private Keyset() {
    }

    /**
     * A total order.
     *
     * @param field     the sort field
     * @param direction 1 ascending, -1 descending (the tie-break runs the same way)
     * @param tiebreak  a field unique among the documents being paged, or null when {@code field} itself is unique
     */
    public record Order(String field, int direction, @Nullable String tiebreak) {

        public Order {
            Objects.requireNonNull(field, "field");
            if (direction != 1 && direction != -1) {
                throw new IllegalArgumentException("direction must be 1 or -1");
            }
        }

        Document sort() {
            Document sort = new Document(field, direction);
            if (tiebreak != null) {
                sort.append(tiebreak, direction);
            }
            return sort;
        }

        String pastOperator() {
            return direction > 0 ? "$gt" : "$lt";
        }
    }

    /** Where the previous page ended: its last document's sort key and tie-break value. */
    public record Position(Object key, @Nullable Object tiebreakValue) {
    }

    /**
     * @param documents at most the requested number, in order
     * @param more      whether documents follow the last one
     */
    public record Slice(List<Document> documents, boolean more) {
    }

    /** The tenant's next {@code limit} documents that match {@code filter}, in {@code order}, after {@code after}. */
    public static Slice page(TenantScopedMongo mongo, TenantId tenantId, String collection, Document filter,
                             Order order, @Nullable Position after, int limit) {
        if (limit < 1) {
            throw new IllegalStateException("limit must be at least 1");
        }
        int wanted = limit + 1;
        List<Document> found = new ArrayList<>(wanted);
        if (after == null) {
            found.addAll(mongo.find(tenantId, collection, filter, order.sort(), 0, wanted));
        } else {
            if (order.tiebreak() != null && after.tiebreakValue() != null) {
                Document ties = withCondition(filter, order.field(), "$eq", after.key());
                ties = withCondition(ties, order.tiebreak(), order.pastOperator(), after.tiebreakValue());
                found.addAll(mongo.find(tenantId, collection, ties, new Document(order.tiebreak(), order.direction()),
                        0, wanted));
            }
            if (found.size() < wanted) {
                Document past = withCondition(filter, order.field(), order.pastOperator(), after.key());
                found.addAll(mongo.find(tenantId, collection, past, order.sort(), 0, wanted - found.size()));
            }
        }
        boolean more = found.size() > limit;
        return new Slice(more ? List.copyOf(found.subList(0, limit)) : List.copyOf(found), more);
    }

    /**
     * The filter with one more condition on {@code field}, keeping the caller's: operators are combined, and where
     * both bound the same side the stricter one stays.
     */
    static Document withCondition(Document filter, String field, String operator, Object value) {
        Document combined = new Document(filter);
        Object existing = combined.get(field);
        Document conditions;
        if (existing == null && !combined.containsKey(field)) {
            conditions = new Document();
        } else if (existing instanceof Document operators && !operators.isEmpty()
                && operators.keySet().stream().allMatch(key -> key.startsWith("$"))) {
            conditions = new Document(operators);
        } else {
            conditions = new Document("$eq", existing);
        }
        Object current = conditions.get(operator);
        if (current == null) {
            conditions.put(operator, value);
        } else if (operator.equals("$eq") && !current.equals(value)) {
            // two different equalities: nothing can match both
            conditions.put("$in", List.of());
        } else if (!current.equals(value)) {
            conditions.put(operator, stricter(operator, current, value));
        }
        combined.put(field, conditions);
        return combined;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object stricter(String operator, Object current, Object candidate) {
        if (!(current instanceof Comparable comparable) || !current.getClass().equals(candidate.getClass())) {
            throw new IllegalStateException("cannot combine two " + operator + " conditions of different types");
        }
        int comparison = comparable.compareTo(candidate);
        return switch (operator) {
            case "$lt", "$lte" -> comparison <= 0 ? current : candidate;
            case "$gt", "$gte" -> comparison >= 0 ? current : candidate;
            default -> throw new IllegalStateException("cannot combine two " + operator + " conditions");
        };
    }
}
