package com.nlre.tenancy.localinfra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 90, unit = TimeUnit.SECONDS)
class LocalInfrastructureTest {

    private static final String TOPIC = "tenant-events";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
    private static final String GROUP = "read-models";

    @TempDir
    Path dataDir;

    @Test
    void keepsKafkaRecordsAndMongoDocumentsAcrossRestart() throws Exception {
        LocalInfrastructure.Settings settings = settingsOnFreePorts();

        LocalInfrastructure first = new LocalInfrastructure(settings);
        first.start();
        try {
            try (Admin admin = admin(first)) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            try (KafkaProducer<String, String> producer = producer(first)) {
                producer.send(new ProducerRecord<>(TOPIC, "tenant-1", "TenantCreated")).get(30, TimeUnit.SECONDS);
            }
            try (KafkaConsumer<String, String> consumer = consumer(first)) {
                assertThat(readAllFromBeginning(consumer)).containsExactly("tenant-1=TenantCreated");
                consumer.commitSync(Map.of(PARTITION, new OffsetAndMetadata(1)), Duration.ofSeconds(30));
            }
            try (MongoClient client = MongoClients.create(first.mongoConnectionString())) {
                tenants(client).insertOne(new Document("_id", "tenant-1").append("businessName", "Acme"));
            }
        } finally {
            first.stop();
        }

        LocalInfrastructure second = new LocalInfrastructure(settings);
        second.start();
        try {
            try (KafkaConsumer<String, String> consumer = consumer(second)) {
                assertThat(readAllFromBeginning(consumer)).containsExactly("tenant-1=TenantCreated");
            }
            try (Admin admin = admin(second)) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                assertThat(committed.get(PARTITION).offset()).isEqualTo(1);
            }
            try (MongoClient client = MongoClients.create(second.mongoConnectionString())) {
                Document tenant = tenants(client).find(new Document("_id", "tenant-1")).first();
                assertThat(tenant).isNotNull();
                assertThat(tenant.getString("businessName")).isEqualTo("Acme");
            }
        } finally {
            second.stop();
        }
    }

    @Test
    void announcesReadinessWithAFileOnlyWhileRunning() throws Exception {
        LocalInfrastructure infrastructure = new LocalInfrastructure(settingsOnFreePorts());
        Path readyFile = dataDir.resolve(LocalInfrastructure.READY_FILE_NAME);
        Files.writeString(readyFile, "left over by a killed run");

        infrastructure.start();
        try {
            assertThat(Files.readString(readyFile))
                    .contains("kafka.bootstrap-servers=" + infrastructure.kafkaBootstrapServers())
                    .contains("mongodb.uri=" + infrastructure.mongoConnectionString());
        } finally {
            infrastructure.stop();
        }

        assertThat(readyFile).doesNotExist();
    }

    @Test
    void keepsAcknowledgedMongoWritesWhenTheProcessDiesWithoutShutdown() throws Exception {
        Path live = dataDir.resolve("live/mongo.journal");
        Path crashCopy = dataDir.resolve("crashed/mongo.journal");
        try (EmbeddedMongo mongo = new EmbeddedMongo(live, 0)) {
            mongo.start();
            try (MongoClient client = MongoClients.create(mongo.connectionString())) {
                tenants(client).insertOne(new Document("_id", "tenant-1").append("plan", "professional"));
            }
            // the file as a kill -9 right after the acknowledgement would leave it
            Files.createDirectories(crashCopy.getParent());
            Files.copy(live, crashCopy);
        }

        try (EmbeddedMongo recovered = new EmbeddedMongo(crashCopy, 0)) {
            recovered.start();
            try (MongoClient client = MongoClients.create(recovered.connectionString())) {
                assertThat(tenants(client).countDocuments(new Document("_id", "tenant-1"))).isEqualTo(1);
            }
        }
    }

    private LocalInfrastructure.Settings settingsOnFreePorts() throws IOException {
        int[] ports = freePorts(3);
        return new LocalInfrastructure.Settings(dataDir, ports[0], ports[1], ports[2], false, false);
    }

    private static MongoCollection<Document> tenants(MongoClient client) {
        return client.getDatabase("nlre").getCollection("tenants");
    }

    private static List<String> readAllFromBeginning(KafkaConsumer<String, String> consumer) {
        consumer.assign(Set.of(PARTITION));
        consumer.seekToBeginning(Set.of(PARTITION));
        List<String> values = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (values.isEmpty() && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                values.add(record.key() + "=" + record.value());
            }
        }
        return values;
    }

    private static Admin admin(LocalInfrastructure infrastructure) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers()));
    }

    private static KafkaProducer<String, String> producer(LocalInfrastructure infrastructure) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(LocalInfrastructure infrastructure) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    private static int[] freePorts(int count) throws IOException {
        ServerSocket[] sockets = new ServerSocket[count];
        int[] ports = new int[count];
        try {
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0);
                ports[i] = sockets[i].getLocalPort();
            }
        } finally {
            for (ServerSocket socket : sockets) {
                if (socket != null) {
                    socket.close();
                }
            }
        }
        return ports;
    }
}
