package com.nlre.tenancy.personal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.nlre.tenancy.events.personal.ErasedValues;
import com.nlre.tenancy.events.personal.PersonalFields;
import com.nlre.tenancy.events.personal.SubjectType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.SecretKey;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads an event whose personal components may be sealed: opens each with its subject's key, or puts the erased value
 * in its place, then hands the opened JSON to the event's own deserializer (see {@link PersonalDataModule}).
 */
final class OpeningDeserializer extends DelegatingDeserializer {

    private static final Logger log = LoggerFactory.getLogger(OpeningDeserializer.class);
    private static final ObjectMapper TREES = new ObjectMapper();

    private final Class<?> type;
    private final transient List<PersonalFields.Field> fields;
    private final transient SubjectKeys keys;

    OpeningDeserializer(JsonDeserializer<?> delegate, Class<?> type, List<PersonalFields.Field> fields,
                        SubjectKeys keys) {
        super(delegate);
        this.type = type;
        this.fields = fields;
        this.keys = keys;
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
        return new OpeningDeserializer(newDelegatee, type, fields, keys);
    }

    @Override
    public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        JsonNode tree = context.readTree(parser);
        if (tree instanceof ObjectNode event) {
            for (PersonalFields.Field field : fields) {
                JsonNode value = event.get(field.name());
                if (isSealed(value)) {
                    event.set(field.name(), open(event, field, value.get(PersonalDataModule.SEALED_PROPERTY).asText()));
                }
            }
        }
        try (JsonParser opened = tree.traverse(parser.getCodec())) {
            opened.nextToken();
            return _delegatee.deserialize(opened, context);
        }
    }

    static boolean isSealed(JsonNode value) {
        return value != null && value.isObject() && value.size() == 1
                && value.path(PersonalDataModule.SEALED_PROPERTY).isTextual();
    }

    static DataSubject subjectIn(JsonNode event, PersonalFields.Field field) {
        String tenantId = event.path(PersonalDataModule.TENANT_PROPERTY).asText(null);
        if (tenantId == null) {
            return null;
        }
        if (field.subjectType() == SubjectType.TENANT) {
            return DataSubject.tenant(tenantId);
        }
        String subjectId = event.path(field.subjectName()).asText(null);
        return subjectId == null ? null : new DataSubject(tenantId, field.subjectType(), subjectId);
    }

    private JsonNode open(JsonNode event, PersonalFields.Field field, String sealed) throws IOException {
        DataSubject subject = subjectIn(event, field);
        Optional<SecretKey> key = subject == null ? Optional.empty() : keys.openingKey(subject);
        if (key.isEmpty()) {
            return erased(field.type());
        }
        Optional<byte[]> clear = SealedValues.open(key.get(), subject, field.name(), sealed);
        if (clear.isEmpty()) {
            log.warn("a sealed {}.{} of {} {} does not open with its key: read as erased", type.getSimpleName(),
                    field.name(), subject.type().wireName(), subject.subjectId());
            return erased(field.type());
        }
        return TREES.readTree(clear.get());
    }

    /** The JSON of {@link ErasedValues#of}: the same rule, so it reads back as exactly that value. */
    static JsonNode erased(Class<?> type) {
        if (type == String.class) {
            return TextNode.valueOf(ErasedValues.ERASED);
        }
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        if (type.isRecord()) {
            for (RecordComponent component : type.getRecordComponents()) {
                Class<?> componentType = component.getType();
                if (componentType == String.class) {
                    node.put(component.getName(), ErasedValues.ERASED);
                } else if (Collection.class.isAssignableFrom(componentType)) {
                    node.set(component.getName(), JsonNodeFactory.instance.arrayNode());
                } else if (Map.class.isAssignableFrom(componentType)) {
                    node.set(component.getName(), JsonNodeFactory.instance.objectNode());
                }
            }
        }
        return node;
    }
}
