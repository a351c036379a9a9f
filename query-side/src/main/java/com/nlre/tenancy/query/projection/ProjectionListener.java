package com.nlre.tenancy.query.projection;

import com.nlre.tenancy.events.Topics;
import com.nlre.tenancy.query.data.ReadModelGenerations;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Feeds every record of the event topic to the {@link EventProjector}. The container commits a polled batch's offsets
 * only after this method returned for each of its records, so a crash replays events rather than losing them. Each
 * record is projected through {@link ReadModelGenerations#projectLive}, so it waits while a rebuild switches
 * generations and then lands in the new one.
 */
@Component
class ProjectionListener {

    private final EventProjector projector;
    private final ReadModelGenerations generations;

    ProjectionListener(EventProjector projector, ReadModelGenerations generations) {
        this.projector = projector;
        this.generations = generations;
    }

    @KafkaListener(id = "projections", idIsGroup = false, topics = Topics.EVENTS)
    void onRecord(ConsumerRecord<String, String> record) {
        generations.projectLive(() -> projector.project(record.key(), record.value()));
    }
}
