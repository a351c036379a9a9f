package com.nlre.tenancy.command.outbox;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads global indexes from the event store's table through its unique index on the event identifier. */
@Component
class JdbcStoredEventPositions implements StoredEventPositions {

    /** Identifiers asked for in one statement; an outbox batch is at most this size by default. */
    static final int CHUNK = 100;

    private final JdbcTemplate jdbc;

    JdbcStoredEventPositions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<String, Long> positionsOf(Collection<String> eventIdentifiers) {
        if (eventIdentifiers.isEmpty()) {
            return Map.of();
        }
        List<String> identifiers = List.copyOf(eventIdentifiers);
        Map<String, Long> positions = new HashMap<>();
        for (int start = 0; start < identifiers.size(); start += CHUNK) {
            List<String> chunk = identifiers.subList(start, Math.min(identifiers.size(), start + CHUNK));
            String placeholders = String.join(",", Collections.nCopies(chunk.size(), "?"));
            jdbc.query("select eventidentifier, globalindex from domainevententry where eventidentifier in ("
                            + placeholders + ")",
                    row -> {
                        positions.put(row.getString(1), row.getLong(2));
                    }, chunk.toArray());
        }
        return positions;
    }
}
