package com.nlre.tenancy.query.gdpr;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nlre.tenancy.query.apikey.CommandSideProperties;
import com.nlre.tenancy.web.security.OperatorProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The keys this service opens sealed personal data in events with: the command side's, cached here (bounded). */
@Configuration(proxyBeanMethods = false)
public class SubjectKeysConfiguration {

    @Bean
    CommandSideSubjectKeys subjectKeys(CommandSideProperties commandSide, OperatorProperties operator,
                                       ObjectMapper objectMapper,
                                       @Value("${nlre.personal-data.key-cache-size:100000}") long cacheSize) {
        return new CommandSideSubjectKeys(commandSide, operator, objectMapper, cacheSize);
    }
}
