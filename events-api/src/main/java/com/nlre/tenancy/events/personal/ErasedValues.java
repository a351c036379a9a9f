package com.nlre.tenancy.events.personal;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a forgotten personal value reads as, one rule for every reader: a string is {@value #ERASED}; a value record
 * (e.g. {@code LeadContact}) is the same record with every string component {@value #ERASED}, every list or set empty,
 * every map empty and every other component null.
 */
public final class ErasedValues {

    public static final String ERASED = "[erased]";

    private ErasedValues() {
    }

    /** @throws IllegalArgumentException when {@code type} is neither a string nor a record */
    @SuppressWarnings("unchecked")
    public static <T> T of(Class<T> type) {
        if (type == String.class) {
            return (T) ERASED;
        }
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type.getName() + " cannot be erased: only strings and records can");
        }
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = Arrays.stream(components).map(component -> erasedComponent(component.getType())).toArray();
        Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        try {
            Constructor<T> canonical = type.getDeclaredConstructor(types);
            canonical.setAccessible(true);
            return canonical.newInstance(values);
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException e) {
            throw new IllegalArgumentException(type.getName() + " has no usable canonical constructor", e);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException(type.getName() + " refuses its erased value", e.getCause());
        }
    }

    private static Object erasedComponent(Class<?> type) {
        if (type == String.class) {
            return ERASED;
        }
        if (type == List.class || type == Collection.class) {
            return List.of();
        }
        if (type == Set.class) {
            return Set.of();
        }
        if (type == Map.class) {
            return Map.of();
        }
        if (type.isPrimitive()) {
            return type == boolean.class ? false : type == char.class ? (Object) '\0' : zeroOf(type);
        }
        return null;
    }

    private static Object zeroOf(Class<?> primitive) {
        if (primitive == long.class) {
            return 0L;
        }
        if (primitive == double.class) {
            return 0d;
        }
        if (primitive == float.class) {
            return 0f;
        }
        if (primitive == short.class) {
            return (short) 0;
        }
        if (primitive == byte.class) {
            return (byte) 0;
        }
        return 0;
    }
}
