package com.nlre.tenancy.personal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import com.nlre.tenancy.events.TenantEvent;
import com.nlre.tenancy.events.personal.PersonalFields;
import com.nlre.tenancy.events.personal.SubjectType;

import java.io.ByteArrayOutputStream;

/** Writes one personal component of an event sealed under its data subject's key (see {@link PersonalDataModule}). */
final class SealingPropertyWriter extends BeanPropertyWriter {

    private static final JsonFactory JSON = new JsonFactory();

    private final transient PersonalFields.Field field;
    private final transient SubjectKeys keys;

    SealingPropertyWriter(BeanPropertyWriter base, PersonalFields.Field field, SubjectKeys keys) {
        super(base);
        this.field = field;
        this.keys = keys;
    }

    @Override
    public void serializeAsField(Object bean, JsonGenerator gen, SerializerProvider provider) throws Exception {
        Object value = get(bean);
        DataSubject subject = value == null ? null : subjectOf(bean);
        if (subject == null) {
            super.serializeAsField(bean, gen, provider);
            return;
        }
        TokenBuffer buffer = new TokenBuffer(gen.getCodec(), false);
        provider.defaultSerializeValue(value, buffer);
        ByteArrayOutputStream clear = new ByteArrayOutputStream();
        try (JsonGenerator json = JSON.createGenerator(clear)) {
            buffer.serialize(json);
        }
        String sealed = SealedValues.seal(keys.sealingKey(subject), subject, field.name(), clear.toByteArray());
        gen.writeFieldName(_name);
        gen.writeStartObject();
        gen.writeStringField(PersonalDataModule.SEALED_PROPERTY, sealed);
        gen.writeEndObject();
    }

    /** The data subject of {@code bean}'s component; null when the event names no tenant or subject (left clear). */
    private DataSubject subjectOf(Object bean) {
        if (!(bean instanceof TenantEvent event) || event.tenantId() == null) {
            return null;
        }
        String tenantId = event.tenantId().value();
        if (field.subjectType() == SubjectType.TENANT) {
            return DataSubject.tenant(tenantId);
        }
        String subjectId = field.subjectIdIn(bean);
        return subjectId == null ? null : new DataSubject(tenantId, field.subjectType(), subjectId);
    }
}
