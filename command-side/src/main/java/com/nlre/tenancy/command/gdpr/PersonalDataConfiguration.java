package com.nlre.tenancy.command.gdpr;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nlre.tenancy.personal.PersonalDataModule;
import org.axonframework.serialization.ChainingConverter;
import org.axonframework.serialization.RevisionResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;

/**
 * Personal data in events is sealed in their serialized form: the event serializer (event store, and through it the
 * Kafka envelopes and history) uses a copy of the application's mapper with {@link PersonalDataModule} registered,
 * under keys from the {@link SubjectKeyStore}. The HTTP mapper is left as it is: responses are never sealed.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PersonalDataProperties.class)
public class PersonalDataConfiguration {

    @Bean
    SubjectKeyStore subjectKeyStore(JdbcTemplate jdbc, Clock clock, PersonalDataProperties properties) {
        return new SubjectKeyStore(jdbc, MasterKey.from(properties), clock, properties.keyCacheSize());
    }

    /** Axon's event serializer: the application's JSON settings, plus sealing of personal components. */
    @Bean
    @Qualifier("eventSerializer")
    Serializer eventSerializer(ObjectMapper objectMapper, SubjectKeyStore keys, RevisionResolver revisionResolver) {
        return JacksonSerializer.builder()
                .revisionResolver(revisionResolver)
                .converter(new ChainingConverter(PersonalDataConfiguration.class.getClassLoader()))
                .objectMapper(objectMapper.copy().registerModule(new PersonalDataModule(keys)))
                .build();
    }
}
