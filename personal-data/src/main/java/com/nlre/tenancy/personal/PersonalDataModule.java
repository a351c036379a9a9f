package com.nlre.tenancy.personal;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.nlre.tenancy.events.personal.PersonalFields;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Seals the {@link com.nlre.tenancy.events.personal.PersonalData personal components} of event records in their
 * serialized form, and opens them again on read. In memory events stay clear.
 *
 * <p>On write, each personal component whose value is not null is serialized to JSON, sealed by {@link SealedValues}
 * under its data subject's key ({@link SubjectKeys#sealingKey}) and written as {@code {"sealed":"pd1:…"}} in its place.
 * On read, a sealed component is opened with {@link SubjectKeys#openingKey}; when the key is gone (subject forgotten,
 * tenant offboarded) or the value does not open, it reads as its
 * {@link com.nlre.tenancy.events.personal.ErasedValues erased value} and never raises an exception. A component stored
 * in clear (written before sealing existed) reads as it was.
 *
 * <p>Register it only in the mappers that write or read events (event store serializer, Kafka envelopes, the query
 * side's event decoder), never in the mapper of HTTP responses.
 */
public class PersonalDataModule extends SimpleModule {

    /** The one property of a sealed component's JSON object. */
    public static final String SEALED_PROPERTY = "sealed";
    static final String TENANT_PROPERTY = "tenantId";

    public PersonalDataModule(SubjectKeys keys) {
        super("nlre-personal-data");
        setSerializerModifier(new BeanSerializerModifier() {
            @Override
            public List<BeanPropertyWriter> changeProperties(SerializationConfig config, BeanDescription description,
                                                             List<BeanPropertyWriter> writers) {
                Map<String, PersonalFields.Field> fields = PersonalFields.of(description.getBeanClass()).stream()
                        .collect(Collectors.toMap(PersonalFields.Field::name, Function.identity()));
                if (fields.isEmpty()) {
                    return writers;
                }
                List<BeanPropertyWriter> changed = new ArrayList<>(writers.size());
                for (BeanPropertyWriter writer : writers) {
                    PersonalFields.Field field = fields.get(writer.getName());
                    changed.add(field == null ? writer : new SealingPropertyWriter(writer, field, keys));
                }
                return changed;
            }
        });
        setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
                                                          JsonDeserializer<?> deserializer) {
                List<PersonalFields.Field> fields = PersonalFields.of(description.getBeanClass());
                return fields.isEmpty() ? deserializer
                        : new OpeningDeserializer(deserializer, description.getBeanClass(), fields, keys);
            }
        });
    }

    /**
     * The data subjects whose keys reading {@code payload} (an event of {@code type}, as serialized) needs: one per
     * sealed component. Lets a reader fetch a batch's keys at once before decoding it.
     */
    public static Set<DataSubject> subjectsSealedIn(Class<?> type, JsonNode payload) {
        Set<DataSubject> subjects = new LinkedHashSet<>();
        for (PersonalFields.Field field : PersonalFields.of(type)) {
            if (OpeningDeserializer.isSealed(payload.get(field.name()))) {
                DataSubject subject = OpeningDeserializer.subjectIn(payload, field);
                if (subject != null) {
                    subjects.add(subject);
                }
            }
        }
        return subjects;
    }
}
