package com.nlre.tenancy.query.projection;

import com.nlre.tenancy.events.EventEnvelope;
import com.nlre.tenancy.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fetches, once per poll, the subject keys every event of the polled batch will need, so the projection listener (which
 * takes one record at a time) finds them cached instead of asking the command side once per new data subject.
 *
 * <p>Only an optimisation: a record it cannot parse, or keys it cannot fetch, are left to the listener, which reports
 * or retries them record by record exactly as without it. Kafka creates it by class name; the {@link EventDecoder} comes
 * in the consumer configuration under {@link #DECODER}. It then tells the {@link EventPollObserver}s under
 * {@link #OBSERVERS}, on the consuming thread; an observer that fails is logged and the records still go on.
 */
public class SubjectKeyPrefetcher implements ConsumerInterceptor<String, String> {

    /** Consumer configuration key holding the {@link EventDecoder} instance. */
    public static final String DECODER = "nlre.projection.event-decoder";
    /** Consumer configuration key holding the list of {@link EventPollObserver}s. */
    public static final String OBSERVERS = "nlre.projection.poll-observers";

    private static final Logger log = LoggerFactory.getLogger(SubjectKeyPrefetcher.class);

    private EventDecoder decoder;
    private List<EventPollObserver> observers = List.of();

    @Override
    public void configure(Map<String, ?> configs) {
        if (configs.get(DECODER) instanceof EventDecoder configured) {
            decoder = configured;
        }
        if (configs.get(OBSERVERS) instanceof List<?> configured) {
            observers = configured.stream().filter(EventPollObserver.class::isInstance)
                    .map(EventPollObserver.class::cast).toList();
        }
    }

    @Override
    public ConsumerRecords<String, String> onConsume(ConsumerRecords<String, String> records) {
        if (decoder == null || records.isEmpty()) {
            return records;
        }
        List<EventEnvelope> envelopes = new ArrayList<>(records.count());
        int eventRecords = 0;
        for (ConsumerRecord<String, String> record : records.records(Topics.EVENTS)) {
            eventRecords++;
            try {
                envelopes.add(decoder.parse(record.value()));
            } catch (MalformedEventException e) {
                log.debug("Not prefetching keys for record {}-{}@{}: the listener will report it", record.topic(),
                        record.partition(), record.offset());
            }
        }
        try {
            decoder.prefetchKeys(envelopes);
        } catch (RuntimeException e) {
            log.debug("Prefetching the subject keys of {} events failed; the listener fetches them one by one",
                    envelopes.size(), e);
        }
        if (eventRecords > 0) {
            for (EventPollObserver observer : observers) {
                try {
                    observer.polled(eventRecords);
                } catch (RuntimeException e) {
                    log.warn("Poll observer {} failed; the records are projected anyway", observer, e);
                }
            }
        }
        return records;
    }

    @Override
    public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        // nothing to do on commit: the interceptor only reads what was polled
    }

    @Override
    public void close() {
        decoder = null;
    }
}
