package io.iotstream.devservices;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Three combined KRaft nodes: writes with acks=all go on while a node or the quorum leader is down. */
class KafkaClusterIT {

    @Test
    void writesGoOnWhileANodeAndThenTheQuorumLeaderAreDown() throws Exception {
        try (KafkaCluster cluster = KafkaCluster.start(3);
             Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()));
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                     ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000,
                     ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000),
                     new StringSerializer(), new StringSerializer())) {
            assertThat(cluster.nodeIds()).containsExactlyInAnyOrder(1, 2, 3);
            admin.createTopics(List.of(new NewTopic("t", 3, (short) 3)
                    .configs(Map.of("min.insync.replicas", "2")))).all().get(30, TimeUnit.SECONDS);
            Await.until("every partition of t led", Duration.ofSeconds(30),
                    () -> !cluster.leaders("t").containsValue(-1));
            producer.send(new ProducerRecord<>("t", "k", "before")).get(30, TimeUnit.SECONDS);

            int busiest = cluster.mostLeaderships("t");
            cluster.kill(busiest);
            assertThat(cluster.runningNodes()).doesNotContain(busiest);
            producer.send(new ProducerRecord<>("t", "k", "one down")).get(60, TimeUnit.SECONDS);
            Await.until("leaders moved off node " + busiest, Duration.ofSeconds(30),
                    () -> !cluster.leaders("t").containsValue(busiest) && !cluster.leaders("t").containsValue(-1));
            cluster.restart(busiest);
            Await.until("node " + busiest + " back in sync", Duration.ofSeconds(60),
                    () -> cluster.underReplicatedPartitions(List.of("t")) == 0);

            int controller = cluster.controllerLeader();
            cluster.kill(controller);
            Await.until("a new quorum leader", Duration.ofSeconds(60), () -> {
                try {
                    int now = cluster.controllerLeader();
                    return now >= 0 && now != controller;
                } catch (IllegalStateException e) {
                    return false;
                }
            });
            producer.send(new ProducerRecord<>("t", "k", "controller down")).get(60, TimeUnit.SECONDS);
            cluster.restart(controller);
            assertThat(cluster.runningNodes()).containsExactlyInAnyOrder(1, 2, 3);
        }
    }
}
