package io.iotstream.reliability;

import static io.iotstream.reliability.Scenarios.awaitCommitted;
import static io.iotstream.reliability.Scenarios.awaitReady;
import static io.iotstream.reliability.Scenarios.awaitStreamDone;
import static io.iotstream.reliability.Scenarios.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.devservices.Await;
import io.iotstream.devservices.KafkaCluster;
import io.iotstream.devservices.S3ProxyServer;
import io.iotstream.model.ModelArtifact;
import io.iotstream.scoring.ScoringConfig;
import io.iotstream.scoring.testing.ScorerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Broker faults on a three-node KRaft cluster (combined broker and controller nodes, {@link KafkaCluster}) while an
 * exactly-once scorer scores a paced stream: topics with replication 3 and {@code min.insync.replicas} 2, made by
 * {@code topics create}. Each scenario is reconciled like {@link FaultsIT} (every alert due committed once) and
 * reports the longest event-to-alert delay a reader of the alerts saw ({@link AlertWatch}); the scorer sends a
 * STATUS alert for every score ({@code alerts.emit=all}), so that delay is the stall a fault causes.
 *
 * <p>{@code mvn verify} runs the short form (a 16 s stream, a node down 6 s); the full form, for the figures in
 * docs/RELIABILITY.md, is {@code mvn -pl reliability verify -Dit.test=ClusterFaultsIT -Diotstream.cluster.full=true}
 * (a 60 s stream, a node down 20 s).
 */
class ClusterFaultsIT {

    private static final boolean FULL = Boolean.getBoolean("iotstream.cluster.full");
    private static final Workload WORK = FULL ? new Workload(100, 8, 30, 90_000, 1_500)
            : new Workload(100, 8, 30, 24_000, 1_500);
    private static final Duration DOWN = Duration.ofSeconds(FULL ? 20 : 6);
    /**
     * The fault comes once the scorer committed this much, and the faulty devices start drifting there, over the
     * outage and 4 s more (ending before the stream does): alerts are due all through the fault, so the longest
     * delay measures the fault's cost.
     */
    private static final long FAULT_AT = WORK.events() * 3 / 10;
    private static final ModelArtifact V1 = Stack.ruleModel("v1", WORK.sensors());
    private static final Duration TIMEOUT = Scenarios.TIMEOUT;
    private static final String EOS = ScoringConfig.EXACTLY_ONCE_V2;

    private static KafkaCluster cluster;

    private final Path dir = WorkDirs.create(getClass());

    @BeforeAll
    static void startCluster() {
        cluster = KafkaCluster.start(3);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Every scenario starts on three running nodes, whatever the one before left down. */
    @AfterEach
    void restoreNodes() {
        for (int id : cluster.nodeIds()) {
            if (!cluster.runningNodes().contains(id)) {
                cluster.restart(id);
            }
        }
    }

    @Test
    void theNodeLeadingMostInputPartitionsKilledAndBack() throws Exception {
        run("f. cluster: SIGKILL of the node leading most input partitions, back after " + DOWN.toSeconds() + " s",
                21, (stack, scorer, sim) -> {
                    int victim = cluster.mostLeaderships(stack.input);
                    double recovery = killAndAwaitProgress(stack, scorer, victim);
                    waitDown(scorer, sim);
                    cluster.restart(victim);
                    return recovery;
                }, "from the SIGKILL until the scorer committed new progress (on the two other nodes)");
    }

    @Test
    void aRollingRestartOfEveryNode() throws Exception {
        run("g. cluster: rolling restart of the three nodes (SIGTERM, restart, in sync, next)", 22,
                (stack, scorer, sim) -> {
                    long start = System.nanoTime();
                    for (int id : List.copyOf(new java.util.TreeSet<>(cluster.nodeIds()))) {
                        cluster.stop(id);
                        cluster.restart(id);
                        Await.until("node " + id + " back in sync", TIMEOUT, () -> {
                            scorer.requireAlive();
                            sim.requireNotFailed();
                            return cluster.underReplicatedPartitions(List.of(stack.input, stack.alerts)) == 0;
                        });
                    }
                    return seconds(start);
                }, "the whole roll: three controlled shutdowns and restarts, each waiting until in sync");
    }

    @Test
    void aNodeLostForGood() throws Exception {
        run("h. cluster: a node lost for good (SIGKILL, never back), scoring goes on with two", 23,
                (stack, scorer, sim) -> killAndAwaitProgress(stack, scorer, cluster.mostLeaderships(stack.input)),
                "from the SIGKILL until the scorer committed new progress");
    }

    @Test
    void theControllerQuorumLeaderKilled() throws Exception {
        run("i. cluster: SIGKILL of the controller quorum's leader, back after " + DOWN.toSeconds() + " s", 24,
                (stack, scorer, sim) -> {
                    int leader = cluster.controllerLeader();
                    double recovery = killAndAwaitProgress(stack, scorer, leader);
                    Await.until("a new quorum leader", TIMEOUT, () -> {
                        try {
                            int now = cluster.controllerLeader();
                            return now >= 0 && now != leader;
                        } catch (IllegalStateException e) {
                            return false;
                        }
                    });
                    waitDown(scorer, sim);
                    cluster.restart(leader);
                    return recovery;
                }, "from the SIGKILL until the scorer committed new progress (a new quorum leader elected)");
    }

    /** What a scenario does mid-stream; returns the recovery figure. */
    @FunctionalInterface
    private interface Fault {
        double inject(Stack stack, ScorerProcess scorer, SimulatorRun sim) throws Exception;
    }

    private void run(String scenario, long seed, Fault fault, String recoveryMeaning) throws Exception {
        try (Stack stack = Scenarios.stackServing(cluster, S3ProxyServer.shared(), dir, V1);
             AlertWatch watch = new AlertWatch(stack)) {
            double recovery;
            // alerts.emit=all: a STATUS alert for every score, so the watch times the stall itself, whenever
            // the transitions fall; the reconciliation counts the transitions only.
            try (ScorerProcess scorer = awaitReady(stack.startScorer("scorer", EOS,
                    Map.of(ScoringConfig.ALERTS_EMIT, "all")));
                 SimulatorRun sim = WORK.start(stack, seed, FAULT_AT, DOWN.plus(Duration.ofSeconds(4)))) {
                awaitCommitted(stack, scorer, sim, FAULT_AT);
                recovery = fault.inject(stack, scorer, sim);
                awaitStreamDone(stack, sim, scorer);
                assertThat(scorer.stop()).as("exit code after SIGTERM").isIn(0, 143);
            }
            Reconciliation.Result r = Reconciliation.of(stack, V1);
            Await.until("the watch has seen all " + r.recordsOut() + " committed alerts", TIMEOUT,
                    () -> watch.seen() >= r.recordsOut());
            ReliabilityReport.add(new ReliabilityReport.Row(scenario, r.eventsIn(), r.expected(), r.out(), r.lost(),
                    r.duplicated(), recovery, recoveryMeaning, watch.longestDelaySeconds()));
            assertThat(r.eventsIn()).as("the simulator delivered every event").isEqualTo(WORK.events());
            assertThat(r.lost()).as("alerts lost").isZero();
            assertThat(r.duplicated()).as("alerts duplicated").isZero();
            assertThat(r.actualByDevice()).isEqualTo(r.expectedByDevice());
            WORK.checkAgainstGroundTruth(stack, r.actualByDevice());
        }
    }

    private static double killAndAwaitProgress(Stack stack, ScorerProcess scorer, int node) {
        long atKill = Reconciliation.committed(stack);
        long killedAt = System.nanoTime();
        cluster.kill(node);
        Await.until("the scorer commits past " + atKill + " with node " + node + " down", TIMEOUT, () -> {
            scorer.requireAlive();
            return Reconciliation.committed(stack) > atKill;
        });
        return seconds(killedAt);
    }

    private static void waitDown(ScorerProcess scorer, SimulatorRun sim) {
        long since = System.nanoTime();
        Await.until("the node stays down " + DOWN.toSeconds() + " s, the scorer and simulator alive",
                DOWN.plus(TIMEOUT), () -> {
                    scorer.requireAlive();
                    sim.requireNotFailed();
                    return System.nanoTime() - since >= DOWN.toNanos();
                });
    }
}
