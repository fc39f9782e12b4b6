package io.iotstream.reliability;

import static io.iotstream.reliability.Scenarios.awaitReady;
import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.devservices.ApicurioRegistry;
import io.iotstream.devservices.Await;
import io.iotstream.devservices.KafkaBroker;
import io.iotstream.devservices.S3ProxyServer;
import io.iotstream.model.ModelArtifact;
import io.iotstream.scoring.ScoringConfig;
import io.iotstream.scoring.testing.ScorerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scorer instances added and removed while the input flows, on 8 input partitions: 1 → 2 → 4, then one of the four
 * stopped with SIGTERM and one SIGKILLed (→ 2), every alert reconciled (0 lost, 0 duplicated under exactly-once) and
 * the pause each change caused measured as the longest event-to-alert delay a reader saw until the next change
 * (the scorers send a STATUS alert for every score, {@code alerts.emit=all}, so the delay is the stall itself).
 *
 * <p>The full form compares the classic rebalance protocol with the streams protocol (KIP-1071,
 * {@code group.protocol=streams}) on the same workload: {@code mvn -pl reliability verify -Dit.test=ScaleOutIT
 * -Diotstream.scaleout.full=true}. {@code mvn verify} runs the streams protocol only, on a shorter stream.
 */
class ScaleOutIT {

    private static final boolean FULL = Boolean.getBoolean("iotstream.scaleout.full");
    private static final int PARTITIONS = 8;
    private static final Workload WORK = FULL ? new Workload(100, 8, 30, 120_000, 1_500)
            : new Workload(100, 8, 30, 45_000, 1_500);
    private static final ModelArtifact V1 = Stack.ruleModel("v1", WORK.sensors());
    private static final Duration TIMEOUT = Scenarios.TIMEOUT;

    private final Path dir = WorkDirs.create(getClass());

    static Stream<String> protocols() {
        return FULL ? Stream.of("classic", "streams") : Stream.of("streams");
    }

    @ParameterizedTest
    @MethodSource("protocols")
    void instancesComeAndGoWhileTheInputFlows(String protocol) throws Exception {
        Path protocolDir = dir.resolve(protocol);
        Files.createDirectories(protocolDir);
        try (Stack stack = new Stack(KafkaBroker.shared(), S3ProxyServer.shared(),
                ApicurioRegistry.shared().ccompatUrl(), protocolDir, PARTITIONS);
             AlertWatch watch = new AlertWatch(stack)) {
            stack.promote(V1);
            Map<String, String> extra = Map.of(ScoringConfig.ALERTS_EMIT, "all",
                    ScoringConfig.KAFKA_CONFIG, clientConfig(protocolDir, protocol).toString());
            Map<String, Long> changes = new LinkedHashMap<>();
            List<ScorerProcess> running = new ArrayList<>();
            try {
                running.add(awaitReady(stack.startScorer("a", ScoringConfig.EXACTLY_ONCE_V2, extra)));
                try (SimulatorRun sim = WORK.start(stack, 31, WORK.events() / 10, Duration.ofSeconds(20))) {
                    awaitProgress(stack, running, sim, WORK.events() / 10);
                    changes.put("1 -> 2 (start b)", System.currentTimeMillis());
                    running.add(stack.startScorer("b", ScoringConfig.EXACTLY_ONCE_V2, extra));
                    awaitScoring(running, sim);
                    awaitProgress(stack, running, sim, WORK.events() * 3 / 10);
                    changes.put("2 -> 4 (start c, d)", System.currentTimeMillis());
                    running.add(stack.startScorer("c", ScoringConfig.EXACTLY_ONCE_V2, extra));
                    running.add(stack.startScorer("d", ScoringConfig.EXACTLY_ONCE_V2, extra));
                    awaitScoring(running, sim);
                    awaitProgress(stack, running, sim, WORK.events() / 2);
                    changes.put("4 -> 3 (SIGTERM d)", System.currentTimeMillis());
                    ScorerProcess d = running.remove(3);
                    assertThat(d.stop()).as("exit code after SIGTERM").isIn(0, 143);
                    d.close();
                    awaitProgress(stack, running, sim, WORK.events() * 6 / 10);
                    changes.put("3 -> 2 (SIGKILL c)", System.currentTimeMillis());
                    ScorerProcess c = running.remove(2);
                    c.kill();
                    c.close();
                    sim.await(300);
                    long end = Reconciliation.endOffsetSum(stack, stack.input);
                    Await.until("all " + end + " input records committed", TIMEOUT, () -> {
                        running.forEach(ScorerProcess::requireAlive);
                        return Reconciliation.committed(stack) >= end;
                    });
                    changes.put("end", System.currentTimeMillis());
                }
            } finally {
                for (ScorerProcess s : running) {
                    s.stop();
                    s.close();
                }
            }
            Reconciliation.Result r = Reconciliation.of(stack, V1);
            Await.until("the watch has seen all " + r.recordsOut() + " committed alerts", TIMEOUT,
                    () -> watch.seen() >= r.recordsOut());
            List<String> keys = new ArrayList<>(changes.keySet());
            StringBuilder pauses = new StringBuilder();
            for (int i = 0; i + 1 < keys.size(); i++) {
                pauses.append(i == 0 ? "" : "; ").append(keys.get(i)).append(": ").append(String.format(
                        java.util.Locale.ROOT, "%.1f s", watch.longestDelaySeconds(changes.get(keys.get(i)),
                                changes.get(keys.get(i + 1)))));
            }
            ReliabilityReport.add(new ReliabilityReport.Row("j. scale-out 1 -> 2 -> 4 -> 2, " + protocol
                    + " protocol", r.eventsIn(), r.expected(), r.out(), r.lost(), r.duplicated(), Double.NaN,
                    "longest event-to-alert delay after each change: " + pauses, watch.longestDelaySeconds()));
            assertThat(r.eventsIn()).as("the simulator delivered every event").isEqualTo(WORK.events());
            assertThat(r.lost()).as("alerts lost").isZero();
            assertThat(r.duplicated()).as("alerts duplicated").isZero();
            assertThat(r.actualByDevice()).isEqualTo(r.expectedByDevice());
        }
    }

    /** The classic members' 6 s session, or the streams protocol (whose session the broker sets, also 6 s here). */
    private static Path clientConfig(Path dir, String protocol) throws java.io.IOException {
        String settings = protocol.equals("streams") ? "group.protocol=streams\n"
                : "session.timeout.ms=6000\nheartbeat.interval.ms=1000\n";
        return Files.writeString(dir.resolve("kafka-" + protocol + ".properties"), settings);
    }

    private static void awaitProgress(Stack stack, List<ScorerProcess> running, SimulatorRun sim, long offsets) {
        Await.until("the scorers commit " + offsets + " input records", TIMEOUT, () -> {
            running.forEach(ScorerProcess::requireAlive);
            sim.requireNotFailed();
            return Reconciliation.committed(stack) >= offsets;
        });
    }

    /** Waits until every running instance has scored readings: each holds partitions. */
    private static void awaitScoring(List<ScorerProcess> running, SimulatorRun sim) {
        Await.until(running.size() + " instances each scoring", TIMEOUT, () -> {
            sim.requireNotFailed();
            for (ScorerProcess s : running) {
                s.requireAlive();
                if (s.metricSum("iotstream_events_total") <= 0) {
                    return false;
                }
            }
            return true;
        });
    }
}
