package com.nlre.tenancy.events.personal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The {@link PersonalData} components of event records, found by reflection once per type. */
public final class PersonalFields {

    private static final Map<Class<?>, List<Field>> CACHE = new ConcurrentHashMap<>();

    private PersonalFields() {
    }

    /**
     * One personal component: its name and type, and the component naming its data subject.
     *
     * @param name        the component's (and JSON property's) name
     * @param subjectName the component that identifies the data subject
     */
    public record Field(String name, Class<?> type, String subjectName, SubjectType subjectType,
                        RecordComponent component, RecordComponent subjectComponent) {

        /** The data subject's id in {@code event}, or null when the event does not name one. */
        public String subjectIdIn(Object event) {
            Object id = read(subjectComponent, event);
            return id == null ? null : id.toString();
        }

        public Object valueIn(Object event) {
            return read(component, event);
        }
    }

    /** The personal components of {@code type}, empty for anything that is not a record or has none. */
    public static List<Field> of(Class<?> type) {
        return CACHE.computeIfAbsent(type, PersonalFields::find);
    }

    private static List<Field> find(Class<?> type) {
        if (!type.isRecord()) {
            return List.of();
        }
        RecordComponent[] components = type.getRecordComponents();
        List<Field> fields = new ArrayList<>();
        for (RecordComponent component : components) {
            PersonalData personal = component.getAnnotation(PersonalData.class);
            if (personal == null) {
                continue;
            }
            RecordComponent subject = Arrays.stream(components)
                    .filter(candidate -> candidate.getName().equals(personal.subject())).findFirst()
                    .orElseThrow(() -> new IllegalStateException(type.getName() + "." + component.getName()
                            + " names subject " + personal.subject() + ", which is not one of its components"));
            fields.add(new Field(component.getName(), component.getType(), subject.getName(),
                    SubjectType.of(subject.getType()), component, subject));
        }
        return List.copyOf(fields);
    }

    private static Object read(RecordComponent component, Object record) {
        try {
            component.getAccessor().setAccessible(true);
            return component.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + component, e);
        }
    }
}
