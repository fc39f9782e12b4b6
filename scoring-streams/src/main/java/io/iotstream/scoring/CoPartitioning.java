package io.iotstream.scoring;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The start-up check that a device's readings and frames meet in one task. Kafka Streams puts partition p of the
 * readings topic and partition p of the frames topic in the same task, but, as neither source is a join, it does
 * not require the two topics to have the same partition count; with different counts a device's frames and
 * readings land in different tasks, each with its own state of the device, and their alerts contradict each other.
 */
final class CoPartitioning {

    private CoPartitioning() {
    }

    /**
     * Why the frames topic cannot be scored with the input topic, or empty when it can (or when either topic does
     * not exist yet, which Kafka Streams reports itself).
     *
     * @throws IllegalStateException if the brokers do not answer within {@code timeout}
     */
    static Optional<String> check(Admin admin, String input, String frames, Duration timeout) {
        Map<String, TopicDescription> found;
        try {
            found = admin.describeTopics(List.of(input, frames)).allTopicNames().get(timeout.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw new IllegalStateException("cannot describe topics " + input + " and " + frames + " to check their "
                    + "partition counts: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the brokers did not describe topics " + input + " and " + frames
                    + " within " + timeout.toSeconds() + " s: check bootstrap.servers and kafka.config", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the partition counts", e);
        }
        int readings = found.get(input).partitions().size();
        int framed = found.get(frames).partitions().size();
        if (readings == framed) {
            return Optional.empty();
        }
        return Optional.of("the frames topic " + frames + " has " + framed + " partitions but the input topic " + input
                + " has " + readings + ": a device's frames and readings would be scored by different tasks, each "
                + "with its own state of the device. Give both topics the same partition count (partitions can only "
                + "be added: kafka-topics.sh --alter --topic <the smaller> --partitions " + Math.max(readings, framed)
                + "), or unset frames.topic");
    }
}
