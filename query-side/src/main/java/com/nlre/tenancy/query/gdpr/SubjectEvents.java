package com.nlre.tenancy.query.gdpr;

import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.identity.UserId;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;

/** Which of a tenant aggregate's events are about a given user. */
final class SubjectEvents {

    private SubjectEvents() {
    }

    /**
     * Whether any field of the event names the user: a {@link UserId} field equal to it (the user the event is about,
     * or its actor such as an API key's creator) or a text field holding its id.
     */
    static boolean names(TenantEvent event, UserId userId) {
        if (!event.getClass().isRecord()) {
            return false;
        }
        for (RecordComponent component : event.getClass().getRecordComponents()) {
            Object value;
            try {
                value = component.getAccessor().invoke(event);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + component.getName() + " of "
                        + event.getClass().getSimpleName(), e);
            }
            if (userId.equals(value) || userId.value().equals(value)) {
                return true;
            }
        }
        return false;
    }
}
