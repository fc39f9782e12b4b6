package io.iotstream.reliability;

import static io.iotstream.reliability.Scenarios.awaitCommitted;
import static io.iotstream.reliability.Scenarios.awaitReady;
import static io.iotstream.reliability.Scenarios.awaitSoleMember;
import static io.iotstream.reliability.Scenarios.awaitStreamDone;
import static io.iotstream.reliability.Scenarios.awaitTwoMembersWithPartitions;
import static io.iotstream.reliability.Scenarios.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.model.ModelArtifact;
import io.iotstream.scoring.ScoringConfig;
import io.iotstream.scoring.ScoringTopology;
import io.iotstream.scoring.testing.ScorerProcess;
import io.iotstream.devservices.Await;
import io.iotstream.devservices.KafkaBroker;
import io.iotstream.devservices.S3ProxyServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/**
 * Faults survived in interval mode ({@code scoring.mode=interval}), with real processes as in {@link FaultsIT}: the
 * scorer is killed and restarted, one of two scorers is killed so that its partitions move to the other and back,
 * the broker is restarted. Intervals follow event time and their state (each device's pending interval, each
 * task's stream time) is committed with the offsets, so the alerts are a function of each partition's records
 * alone: after the stream every scenario reconciles the committed alerts exactly against {@link IntervalReplay}'s
 * offline replay of the same intervals, down to the event time each alert scored and the readings it counted.
 *
 * <p>The end of the stream: the scorer scores the intervals still open once a task's input has been silent for
 * {@code scoring.idle.close.ms} (rule 3), as the replay does at the end of the input. The scenarios wait for that
 * to be committed (no device left with an interval due in the committed state), stop the scorers and reconcile.
 */
class IntervalFaultsIT {

    private static final Duration TIMEOUT = Scenarios.TIMEOUT;
    private static final Workload WORK = Workload.STANDARD;
    private static final ModelArtifact V1 = Stack.ruleModel("v1", WORK.sensors());
    /**
     * The workload's event times are the simulator's due times (3,000 events/s for 8 s): 200 ms intervals make
     * about 40 of them, with each of the 100 devices reading about 6 times per interval.
     */
    private static final long INTERVAL_MS = 200;
    private static final long GRACE_MS = 0;
    /**
     * The idle close of the scenarios without a broker outage: well above the longest pause they cause in a live
     * task's input (a rebalance, under 3 s measured; a task that moves or restarts counts its silence afresh from
     * its start on its owner), and short, as the scenario waits that long after the stream.
     */
    private static final long IDLE_CLOSE_MS = 10_000;
    /**
     * The idle close across a broker outage, the scorer's default: the outage (the broker's shutdown, 5 s down,
     * the reconnection) silenced the scorer's input for 11.4 s measured, and FaultsIT's recoveries after the
     * broker is back (up to 6.1 s) put the worst case near 17 s.
     */
    private static final long IDLE_CLOSE_OUTAGE_MS = 30_000;
    private static final Duration OUTAGE = Duration.ofSeconds(5);

    /** Under target/, not a temp dir: the scorers' logs stay there for a failure's post-mortem. */
    private final Path dir = WorkDirs.create(getClass());

    @Test
    void shouldScoreEveryIntervalExactlyOnceWhenTheScorerIsKilled() throws Exception {
        long startedAt = System.nanoTime();
        String eos = ScoringConfig.EXACTLY_ONCE_V2;
        try (Stack stack = Scenarios.stackServing(KafkaBroker.shared(), S3ProxyServer.shared(), dir, V1)) {
            double recovery;
            IntervalReplay.Replay replay;
            double idleClose;
            try (ScorerProcess first = awaitReady(stack.startScorer("first", eos, intervalMode(IDLE_CLOSE_MS)));
                 SimulatorRun sim = WORK.start(stack, 21)) {
                awaitCommitted(stack, first, sim, WORK.events() * 2 / 5);
                long killedAt = System.nanoTime();
                first.kill();
                long atKill = Reconciliation.committed(stack);
                assertThat(atKill).as("killed mid-stream").isLessThan(WORK.events());
                // The same instance restarted on its state folder: it fences the open transaction, restores the
                // devices (values, decisions, pending intervals) and the task's stream time from its state.
                try (ScorerProcess second = stack.startScorer("first", eos, intervalMode(IDLE_CLOSE_MS))) {
                    Await.until("the restarted scorer commits past " + atKill, TIMEOUT, () -> {
                        second.requireAlive();
                        return Reconciliation.committed(stack) > atKill;
                    });
                    recovery = seconds(killedAt);
                    awaitStreamDone(stack, sim, second);
                    replay = IntervalReplay.of(stack, V1, INTERVAL_MS, GRACE_MS);
                    idleClose = awaitIdleClose(stack, IDLE_CLOSE_MS, second);
                    assertThat(second.stop()).as("exit code after SIGTERM").isIn(0, 143);
                }
            }
            IntervalReplay.Outcome outcome = reconcile(stack, "interval a. SIGKILL + restart, exactly-once", replay,
                    recovery, "from the SIGKILL until the restarted scorer committed new progress (includes the "
                            + "6 s session timeout of the killed member)", IDLE_CLOSE_MS, idleClose, startedAt);
            assertExact(outcome);
            WORK.checkAgainstGroundTruth(stack, outcome.result().actualByDevice());
        }
    }

    /**
     * Two scorers share the input; one is killed once 40 % of it is committed, the survivor takes its partitions
     * (their devices and pending intervals restored from the changelog, the uncommitted work redone), then the
     * killed one comes back and partitions move to it again, closed cleanly by the survivor.
     */
    @Test
    void shouldScoreEveryIntervalExactlyOnceWhenPartitionsMoveToTheSurvivorAndBack() throws Exception {
        long startedAt = System.nanoTime();
        String eos = ScoringConfig.EXACTLY_ONCE_V2;
        try (Stack stack = Scenarios.stackServing(KafkaBroker.shared(), S3ProxyServer.shared(), dir, V1)) {
            double takeover;
            IntervalReplay.Replay replay;
            double idleClose;
            try (ScorerProcess a = stack.startScorer("a", eos, intervalMode(IDLE_CLOSE_MS));
                 ScorerProcess b = stack.startScorer("b", eos, intervalMode(IDLE_CLOSE_MS))) {
                awaitTwoMembersWithPartitions(stack, "both scorers hold input partitions", a, b);
                try (SimulatorRun sim = WORK.start(stack, 23)) {
                    awaitCommitted(stack, b, sim, WORK.events() * 2 / 5);
                    long faultAt = System.nanoTime();
                    a.kill();
                    awaitSoleMember(stack, b);
                    takeover = seconds(faultAt);
                    try (ScorerProcess back = stack.startScorer("a", eos, intervalMode(IDLE_CLOSE_MS))) {
                        awaitTwoMembersWithPartitions(stack, "the killed scorer back with input partitions", back);
                        awaitStreamDone(stack, sim, b);
                        replay = IntervalReplay.of(stack, V1, INTERVAL_MS, GRACE_MS);
                        idleClose = awaitIdleClose(stack, IDLE_CLOSE_MS, back, b);
                        assertThat(back.stop()).isIn(0, 143);
                    }
                    assertThat(b.stop()).isIn(0, 143);
                }
            }
            IntervalReplay.Outcome outcome = reconcile(stack, "interval b. one of two scorers SIGKILLed, then back",
                    replay, takeover, "from the SIGKILL until the survivor held every input partition (6 s session "
                            + "timeout)", IDLE_CLOSE_MS, idleClose, startedAt);
            assertExact(outcome);
            WORK.checkAgainstGroundTruth(stack, outcome.result().actualByDevice());
        }
    }

    @Test
    void shouldScoreEveryIntervalExactlyOnceAcrossABrokerRestart() throws Exception {
        long startedAt = System.nanoTime();
        try (KafkaBroker broker = KafkaBroker.start();
             Stack stack = Scenarios.stackServing(broker, S3ProxyServer.shared(), dir, V1)) {
            double recovery;
            long downMillis;
            IntervalReplay.Replay replay;
            double idleClose;
            try (ScorerProcess scorer = awaitReady(stack.startScorer("scorer", ScoringConfig.EXACTLY_ONCE_V2,
                    intervalMode(IDLE_CLOSE_OUTAGE_MS)));
                 SimulatorRun sim = WORK.start(stack, 24)) {
                awaitCommitted(stack, scorer, sim, WORK.events() * 3 / 10);
                Scenarios.Outage outage = Scenarios.brokerOutage(broker, stack, scorer, sim, OUTAGE);
                downMillis = outage.downMillis();
                recovery = outage.recoverySeconds();
                awaitStreamDone(stack, sim, scorer);
                replay = IntervalReplay.of(stack, V1, INTERVAL_MS, GRACE_MS);
                idleClose = awaitIdleClose(stack, IDLE_CLOSE_OUTAGE_MS, scorer);
                assertThat(scorer.stop()).isIn(0, 143);
            }
            String scenario = "interval c. broker stopped " + Math.round(downMillis / 1000.0) + " s and restarted";
            IntervalReplay.Outcome outcome = reconcile(stack, scenario, replay, recovery,
                    "from the broker being back until the scorer committed new progress", IDLE_CLOSE_OUTAGE_MS,
                    idleClose, startedAt);
            assertThat(outcome.result().eventsIn()).as("the simulator delivered every event").isEqualTo(WORK.events());
            assertExact(outcome);
            WORK.checkAgainstGroundTruth(stack, outcome.result().actualByDevice());
        }
    }

    /** The scorer's settings for interval mode, on top of the stack's. */
    private static Map<String, String> intervalMode(long idleCloseMs) {
        return Map.of(
                ScoringConfig.SCORING_MODE, "interval",
                ScoringConfig.SCORING_INTERVAL_MS, Long.toString(INTERVAL_MS),
                ScoringConfig.SCORING_INTERVAL_GRACE_MS, Long.toString(GRACE_MS),
                ScoringConfig.SCORING_IDLE_CLOSE_MS, Long.toString(idleCloseMs));
    }

    /**
     * After the stream (all input committed): waits until the committed device state (the changelog, read
     * committed) holds no device with an interval score due, that is until every task's idle close has scored its
     * open intervals and committed. Under exactly-once the close's alerts commit in the same transaction as the
     * state, so they are committed too. No input arrives any more, so the committed set of pending devices only
     * shrinks: once it is read to its end and empty, it stays empty.
     *
     * @return seconds from the input being committed until the last idle close was committed
     */
    private static double awaitIdleClose(Stack stack, long idleCloseMs, ScorerProcess... alive) {
        long from = System.nanoTime();
        String changelog = stack.applicationId + "-" + ScoringTopology.DEVICE_STATE_STORE + "-changelog";
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(changelog).stream()
                    .map(p -> new TopicPartition(changelog, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Set<String> pending = new HashSet<>();
            Await.until("the idle close (" + idleCloseMs + " ms without input) scores every open interval: no "
                    + "device pending in the committed state (" + changelog + ")", TIMEOUT.plusMillis(idleCloseMs),
                    () -> {
                        for (ScorerProcess scorer : alive) {
                            scorer.requireAlive();
                        }
                        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                            String device = new String(r.key(), StandardCharsets.UTF_8);
                            if (r.value() != null && pendingInterval(r.value())) {
                                pending.add(device);
                            } else {
                                pending.remove(device);
                            }
                        }
                        // read_committed: the end offsets are the last stable offsets, what is committed.
                        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                        return pending.isEmpty()
                                && partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
                    });
        }
        return seconds(from);
    }

    /**
     * Whether a device's stored state has an interval score due: flag bit 1 of byte 1 in the scorer's state format
     * 2 ({@code DeviceStateCodec}); format 1 has no due interval. Another format fails the wait, loudly.
     */
    private static boolean pendingInterval(byte[] state) {
        if (state.length >= 2 && state[0] == 2) {
            return (state[1] & 2) != 0;
        }
        if (state.length >= 2 && state[0] == 1) {
            return false;
        }
        throw new AssertionError("a device state of an unknown format (first byte " + (state.length == 0 ? "none"
                : state[0]) + "): update IntervalFaultsIT.pendingInterval to the scorer's DeviceStateCodec");
    }

    /** Reconciles the scenario's alerts, adds its row and a note on its intervals to the table. */
    private static IntervalReplay.Outcome reconcile(Stack stack, String scenario, IntervalReplay.Replay replay,
            double recovery, String meaning, long idleCloseMs, double idleClose, long startedAt) {
        IntervalReplay.Outcome outcome = IntervalReplay.reconcile(stack, replay);
        Reconciliation.Result r = outcome.result();
        ReliabilityReport.add(new ReliabilityReport.Row(scenario, r.eventsIn(), r.expected(), r.out(), r.lost(),
                r.duplicated(), recovery, meaning));
        ReliabilityReport.note(String.format(Locale.ROOT, "%s: %d intervals of %d ms (grace %d ms); scores by "
                        + "a later reading of the device %,d, by stream time %,d, by the idle close %,d (%d alerts); "
                        + "%d late readings; idle close (%d ms) committed %.1f s after the input; scenario %.1f s",
                scenario, replay.intervals(), INTERVAL_MS, GRACE_MS, replay.byRule1(), replay.byRule2(),
                replay.atEnd(), replay.alertsAtEnd(), replay.late(), idleCloseMs, idleClose, seconds(startedAt)));
        return outcome;
    }

    /** Exactly once, interval by interval: every alert due committed once, for the interval it is due for. */
    private static void assertExact(IntervalReplay.Outcome outcome) {
        assertThat(outcome.replay().intervals()).as("intervals the workload spans").isGreaterThanOrEqualTo(20);
        Reconciliation.Result r = outcome.result();
        String differences = outcome.differences(10);
        assertThat(r.lost()).as("alerts lost; differences: " + differences).isZero();
        assertThat(r.duplicated()).as("alerts duplicated; differences: " + differences).isZero();
        assertThat(outcome.actual()).as("alerts by device (kind@eventTime(eventsInInterval)); differences: "
                + differences).isEqualTo(outcome.expected());
    }
}
