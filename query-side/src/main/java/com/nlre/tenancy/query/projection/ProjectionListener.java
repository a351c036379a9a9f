package com.nlre.tenancy.query.projection;

import com.nlre.tenancy.events.Topics;
import com.nlre.tenancy.query.data.ReadModelGenerations;
import com.nlre.tenancy.query.deadletter.DeadLetterQueue;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Feeds every record of the event topic to the {@link EventProjector}, through the {@link DeadLetterQueue}, which
 * parks instead the events of an aggregate that has a parked dead letter. The container commits a polled batch's
 * offsets only after this method returned for each of its records, so a crash replays events rather than losing
 * them. Each record is projected through {@link ReadModelGenerations#projectLive}, so it waits while a rebuild switches
 * generations and then lands in the new one.
 */
@Component
class ProjectionListener {

    private final DeadLetterQueue deadLetters;
    private final ReadModelGenerations generations;

    ProjectionListener(DeadLetterQueue deadLetters, ReadModelGenerations generations) {
        this.deadLetters = deadLetters;
        this.generations = generations;
    }

    @KafkaListener(id = "projections", idIsGroup = false, topics = Topics.EVENTS)
    void onRecord(ConsumerRecord<String, String> record) {
        generations.projectLive(() -> deadLetters.project(record));
    }
}
