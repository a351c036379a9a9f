package com.nlre.tenancy.query.projection;

import com.nlre.tenancy.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Feeds every record of the event topic to the {@link EventProjector}. The container commits a polled batch's offsets
 * only after this method returned for each of its records, so a crash replays events rather than losing them.
 */
@Component
class ProjectionListener {

    private final EventProjector projector;

    ProjectionListener(EventProjector projector) {
        this.projector = projector;
    }

    @KafkaListener(id = "projections", idIsGroup = false, topics = Topics.EVENTS)
    void onRecord(ConsumerRecord<String, String> record) {
        projector.project(record.key(), record.value());
    }
}
