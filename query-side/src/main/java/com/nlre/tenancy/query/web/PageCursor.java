package com.nlre.tenancy.query.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nlre.tenancy.web.ProblemException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Date;
import java.util.Objects;

/**
 * Where a cursor-paginated list goes on: the order it was listed in, and the last item's sort key and id. On the
 * wire it is opaque to clients: base64url of a small JSON object. It names no tenant: the tenant always comes from
 * the credential, so a cursor shown to another tenant only positions that tenant's own list.
 *
 * @param order the listing's order, e.g. {@code -createdAt}; a cursor is refused in any other order
 * @param key   the last item's sort key: epoch milliseconds for time orders, the value itself for text orders
 * @param id    the last item's id, which breaks ties of the key
 */
public record PageCursor(String order, String key, String id) {

    public static final String PARAMETER = "cursor";
    private static final int MAX_LENGTH = 2_048;
    private static final ObjectMapper JSON = new ObjectMapper();

    public PageCursor {
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(id, "id");
    }

    public static PageCursor of(String order, Date key, String id) {
        return new PageCursor(order, Long.toString(key.getTime()), id);
    }

    public String encode() {
        ObjectNode node = JSON.createObjectNode().put("o", order).put("k", key).put("i", id);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(node.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @throws ProblemException 400 naming {@value #PARAMETER} when the value is not a cursor of this service or was
     *                          made for another order
     */
    public static PageCursor decode(String value, String expectedOrder) {
        if (value == null || value.length() > MAX_LENGTH) {
            throw invalid();
        }
        JsonNode node;
        try {
            node = JSON.readTree(Base64.getUrlDecoder().decode(value.trim()));
        } catch (IllegalArgumentException | IOException e) {
            throw invalid();
        }
        if (node == null || !node.path("o").isTextual() || !node.path("k").isTextual() || !node.path("i").isTextual()) {
            throw invalid();
        }
        PageCursor cursor = new PageCursor(node.path("o").asText(), node.path("k").asText(), node.path("i").asText());
        if (!cursor.order().equals(expectedOrder)) {
            throw ProblemException.invalidParameter(PARAMETER, "was made for another sort order; start again "
                    + "without a cursor");
        }
        return cursor;
    }

    /** The key of a time order. */
    public Date dateKey() {
        try {
            return new Date(Long.parseLong(key));
        } catch (NumberFormatException e) {
            throw invalid();
        }
    }

    /** The 400 for a value that is not a cursor this list answered. */
    public static ProblemException invalid() {
        return ProblemException.invalidParameter(PARAMETER, "is not a cursor this list answered");
    }
}
