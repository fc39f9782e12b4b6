package io.iotstream.reliability;

import io.iotstream.model.ModelArtifact;
import io.iotstream.scoring.testing.ScorerProcess;
import io.iotstream.devservices.ApicurioRegistry;
import io.iotstream.devservices.Await;
import io.iotstream.devservices.KafkaBroker;
import io.iotstream.devservices.KafkaService;
import io.iotstream.devservices.S3ProxyServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * The steps the fault scenarios share ({@link FaultsIT} in event mode, {@link IntervalFaultsIT} in interval mode):
 * a stack serving a model, and the waits of a scenario (a scorer ready, a share of the input committed, the stream
 * done, the scorer group's members and their partitions).
 */
final class Scenarios {

    static final Duration TIMEOUT = Duration.ofSeconds(90);

    private Scenarios() {
    }

    /** A scenario's stack on {@code broker} and {@code s3}, with {@code model} live before any scorer starts. */
    static Stack stackServing(KafkaService broker, S3ProxyServer s3, Path dir, ModelArtifact model) {
        Stack stack = new Stack(broker, s3, ApicurioRegistry.shared().ccompatUrl(), dir);
        try {
            stack.promote(model);
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }

    /**
     * Waits until the scorer is ready (running, a model serving), so that the paced simulator started next stays
     * ahead of it and a fault at a share of the events lands mid-stream.
     */
    static ScorerProcess awaitReady(ScorerProcess scorer) {
        Await.until("scorer " + scorer.name() + " ready", TIMEOUT, () -> {
            scorer.requireAlive();
            HttpResponse<String> ready = scorer.get("/health/ready");
            return ready != null && ready.statusCode() == 200;
        });
        return scorer;
    }

    /** Waits until the scorers committed at least {@code offsets} input records; returns the committed sum. */
    static long awaitCommitted(Stack stack, ScorerProcess scorer, SimulatorRun sim, long offsets) {
        return Await.until("the scorer commits " + offsets + " input records", TIMEOUT, () -> {
            scorer.requireAlive();
            sim.requireNotFailed();
            long c = Reconciliation.committed(stack);
            return c >= offsets ? c : null;
        });
    }

    /**
     * Lets the stream end: the simulator finishes (its deadline covers retries across a broker outage), then every
     * input record is committed, so every alert is committed too.
     */
    static void awaitStreamDone(Stack stack, SimulatorRun sim, ScorerProcess scorer) throws InterruptedException {
        sim.await(180);
        long end = Reconciliation.endOffsetSum(stack, stack.input);
        Await.until("all " + end + " input records committed", TIMEOUT, () -> {
            scorer.requireAlive();
            return Reconciliation.committed(stack) >= end;
        });
    }

    /** Waits until the scorer group has two members and each holds input partitions. */
    static void awaitTwoMembersWithPartitions(Stack stack, String description, ScorerProcess... alive) {
        Await.until(description, TIMEOUT, () -> {
            for (ScorerProcess scorer : alive) {
                scorer.requireAlive();
            }
            List<Set<TopicPartition>> members = inputPartitionsByMember(stack);
            return members.size() == 2 && members.stream().noneMatch(Set::isEmpty);
        });
    }

    /** Waits until {@code survivor} is the group's only member and holds every input partition. */
    static void awaitSoleMember(Stack stack, ScorerProcess survivor) {
        Await.until("the survivor holds all " + stack.partitions + " input partitions", TIMEOUT, () -> {
            survivor.requireAlive();
            List<Set<TopicPartition>> members = inputPartitionsByMember(stack);
            return members.size() == 1 && members.get(0).size() == stack.partitions;
        });
    }

    /** The input partitions of each member of the scorer group (classic protocol, as Kafka Streams joins it). */
    static List<Set<TopicPartition>> inputPartitionsByMember(Stack stack) {
        try {
            ConsumerGroupDescription group = stack.admin().describeConsumerGroups(List.of(stack.applicationId))
                    .describedGroups().get(stack.applicationId).get(10, TimeUnit.SECONDS);
            return group.members().stream().map(MemberDescription::assignment)
                    .map(a -> a.topicPartitions().stream().filter(tp -> tp.topic().equals(stack.input))
                            .collect(Collectors.toSet()))
                    .toList();
        } catch (Exception e) {
            return List.of();
        }
    }

    /** What {@link #brokerOutage} measured: how long the broker was down, and the scorer's recovery after it. */
    record Outage(long downMillis, double recoverySeconds) {
    }

    /**
     * Stops {@code broker} for {@code outage} (clients retry, transactions in flight time out or abort) while the
     * scorer and the simulator must ride it out, restarts it on the same port and data, and waits until the scorer
     * commits new progress. Recovery counts from the broker being back.
     */
    static Outage brokerOutage(KafkaBroker broker, Stack stack, ScorerProcess scorer, SimulatorRun sim,
            Duration outage) {
        long stoppedAt = System.nanoTime();
        broker.stop();
        Await.until("the broker stays down " + outage.toSeconds() + " s, the scorer and simulator alive",
                outage.plus(TIMEOUT), () -> {
                    scorer.requireAlive();
                    sim.requireNotFailed();
                    return System.nanoTime() - stoppedAt >= outage.toNanos();
                });
        broker.restart();
        long downMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAt);
        long upAt = System.nanoTime();
        // What was committed before the outage (the scorer may commit while the broker shuts down), read as soon as
        // the broker answers, before the scorer's clients have reconnected.
        long atStop = Await.until("the restarted broker answers", TIMEOUT, () -> {
            long c = Reconciliation.committed(stack);
            return c >= 0 ? c : null;
        });
        Await.until("the scorer commits again after the broker restart", TIMEOUT, () -> {
            scorer.requireAlive();
            return Reconciliation.committed(stack) > atStop;
        });
        return new Outage(downMillis, seconds(upAt));
    }
}
