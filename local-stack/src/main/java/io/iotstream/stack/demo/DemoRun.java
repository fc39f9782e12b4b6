package io.iotstream.stack.demo;

import io.iotstream.cli.CliFailure;
import io.iotstream.devservices.FreePorts;
import io.iotstream.devservices.process.ChildProcess;
import io.iotstream.devservices.process.ChildProcessBuilder;
import io.iotstream.schemas.AlertKind;
import io.iotstream.schemas.model.ModelEvent;
import io.iotstream.stack.Stack;
import io.iotstream.stack.StackConfig;
import io.iotstream.stack.StackServiceKind;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * One run of the demo: stack up, iotgen, iottrain, the scorer, the fleet with its live alerts, a second model
 * midway, the summary, and stopping what it started. The steps' commands come from {@link DemoPlan}; this class
 * only sequences them and watches.
 */
final class DemoRun {

    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);
    private static final Duration SCORER_READY_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(5);
    private static final Duration QUIET = Duration.ofSeconds(10);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final int STEPS = 7;

    private final DemoConfig config;
    private final PrintWriter out;
    private final List<AutoCloseable> started = new ArrayList<>();
    private Stack stack;
    private boolean stackWasUp = true;
    private boolean cleanedUp;

    DemoRun(DemoConfig config, PrintWriter out) {
        this.config = config;
        this.out = out;
    }

    /** Runs the demo; returns the exit code (0: the faulty devices, and only they, alerted, and the swap showed). */
    int run() throws Exception {
        long start = System.nanoTime();
        try {
            return steps(start);
        } finally {
            cleanUp();
            print("Demo finished in %s.", seconds(System.nanoTime() - start));
        }
    }

    private int steps(long start) throws Exception {
        Files.createDirectories(config.workDir());
        step(1, "Local stack: Kafka (KRaft), S3 API server (S3Proxy, on disk) and schema registry on 127.0.0.1");
        stack = new Stack(StackConfig.forThisJvm(config.home(), List.of(StackServiceKind.values()),
                StackConfig.DEFAULT_START_TIMEOUT), out);
        stackWasUp = stack.runningProcesses().size() == StackServiceKind.values().length;
        stack.up();
        Properties state = stack.readState();
        String runId = ZonedDateTime.now(ZoneOffset.UTC).format(RUN_ID);
        DemoPlan plan = new DemoPlan(config, StackEndpoints.from(state), runId, FreePorts.find());
        runToEnd(plan.topics());

        step(2, plan.gen().title());
        runToEnd(plan.gen());

        step(3, plan.train(1).title());
        runToEnd(plan.train(1));

        step(4, plan.score().title());
        show(plan.score());
        ChildProcess scorer = background(plan.score(), plan.scorerLog());
        ScorerProbe probe = new ScorerProbe(plan.httpPort());
        awaitReady(scorer, probe, plan);
        print("  scorer ready (pid %d, log %s, metrics http://127.0.0.1:%d/metrics)", scorer.pid(), plan.scorerLog(),
                plan.httpPort());

        step(5, plan.simulate().title() + "; alerts live below");
        AlertWatcher alerts = keep(new AlertWatcher(plan.stack().bootstrapServers(), plan.stack().schemaRegistryUrl(),
                DemoPlan.ALERTS_TOPIC, out));
        Files.deleteIfExists(plan.groundTruth());
        show(plan.simulate());
        ChildProcess simulator = background(plan.simulate(), plan.simulatorLog());
        Stream stream = stream(plan, scorer, simulator, probe, alerts);

        step(7, "Summary");
        summary(plan, stream, alerts, System.nanoTime() - start);
        return verdict(plan, stream, alerts);
    }

    /** What the stream phase ends with. */
    private record Stream(FleetAnswers answers, long eventsScored, long nanos, boolean secondModelLive) {
    }

    /**
     * Runs the fleet until it has run {@link DemoConfig#stream()}, the second model is live (trained midway, step
     * 6) and the scorer has alerted every faulty device with it, or until the grace period is over.
     */
    private Stream stream(DemoPlan plan, ChildProcess scorer, ChildProcess simulator, ScorerProbe probe,
            AlertWatcher alerts) throws Exception {
        long streamStart = System.nanoTime();
        long nextProgress = streamStart + PROGRESS_INTERVAL.toNanos();
        long limit = streamStart + config.stream().plus(DemoConfig.STREAM_GRACE).toNanos();
        FleetAnswers planned = awaitPlan(plan, simulator);
        String v1 = plan.modelVersion(1);
        String v2 = plan.modelVersion(2);
        ChildProcess trainer = null;
        boolean secondModelLive = false;
        while (true) {
            alerts.check();
            checkAlive(scorer);
            checkAlive(simulator);
            long now = System.nanoTime();
            Duration elapsed = Duration.ofNanos(now - streamStart);
            if (trainer == null && (alerts.devicesInAttention(v1).containsAll(planned.faultyDevices())
                    || elapsed.compareTo(config.stream().dividedBy(2)) >= 0)) {
                step(6, "Midway: " + plan.train(2).title() + "; the scorer keeps running");
                trainer = foreground(plan.train(2), "  [model 2] ");
            }
            if (trainer != null && !secondModelLive && !trainer.isAlive()) {
                int code = awaitShowingProgress(trainer);
                if (code != 0) {
                    throw new CliFailure("training the second model failed (exit " + code + ", output above)");
                }
                secondModelLive = true;
                ModelEvent event = LiveAnnouncement.announce(plan);
                print("  model %s is live in the store, announced on %s (%s): the scorer switches on the event or "
                        + "at its next poll (every %d ms), whichever comes first", v2, DemoPlan.MODEL_EVENTS_TOPIC,
                        event.checksum(), config.modelPollInterval().toMillis());
            }
            boolean done = elapsed.compareTo(config.stream()) >= 0 && secondModelLive
                    && alerts.devicesInAttention(v2).containsAll(planned.faultyDevices());
            if (done || now - limit > 0) {
                if (!done) {
                    print("  (stopping the stream after %s: not every faulty device was alerted by model %s)",
                            seconds(now - streamStart), secondModelLive ? v2 : v1);
                }
                break;
            }
            if (now - nextProgress >= 0) {
                nextProgress = now + PROGRESS_INTERVAL.toNanos();
                long scored = probe.eventsScored();
                print("  ... stream %s: %,d events scored, %d of %d faulty devices alerted", seconds(now
                        - streamStart), Math.max(0, scored), alerts.devicesInAttention().size(),
                        planned.faultyDevices().size());
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        simulator.close();
        FleetAnswers answers = FleetAnswers.read(plan.groundTruth());
        if (!answers.complete()) {
            throw new CliFailure("the simulator did not write its final answers to " + plan.groundTruth() + ": see "
                    + plan.simulatorLog());
        }
        long scored = awaitCaughtUp(probe, answers.eventsSent());
        long nanos = System.nanoTime() - streamStart;
        // alerts of the last scoring interval become visible with the scorer's next commit
        TimeUnit.SECONDS.sleep(2);
        return new Stream(answers, scored, nanos, secondModelLive);
    }

    private FleetAnswers awaitPlan(DemoPlan plan, ChildProcess simulator) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (!FleetAnswers.exists(plan.groundTruth())) {
            checkAlive(simulator);
            if (System.nanoTime() - deadline > 0) {
                throw new CliFailure("the simulator wrote no " + plan.groundTruth() + " within a minute: see "
                        + plan.simulatorLog());
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        FleetAnswers planned = FleetAnswers.read(plan.groundTruth());
        print("  faulty devices (the simulator's answers, %s): %s", plan.groundTruth(),
                String.join(", ", new TreeSet<>(planned.faultyDevices())));
        return planned;
    }

    private long awaitCaughtUp(ScorerProbe probe, long eventsSent) throws InterruptedException {
        long deadline = System.nanoTime() + CATCH_UP_TIMEOUT.toNanos();
        long scored = probe.eventsScored();
        while (scored < eventsSent && System.nanoTime() - deadline < 0) {
            TimeUnit.MILLISECONDS.sleep(250);
            scored = probe.eventsScored();
        }
        if (scored < eventsSent) {
            print("  (the scorer had scored %,d of the %,d events after %s)", scored, eventsSent,
                    seconds(CATCH_UP_TIMEOUT.toNanos()));
        }
        return scored;
    }

    private void awaitReady(ChildProcess scorer, ScorerProbe probe, DemoPlan plan) throws Exception {
        long start = System.nanoTime();
        long nextNote = start + PROGRESS_INTERVAL.toNanos();
        Optional<String> reason = probe.notReadyReason();
        while (reason.isPresent()) {
            checkAlive(scorer);
            long now = System.nanoTime();
            if (now - start > SCORER_READY_TIMEOUT.toNanos()) {
                throw new CliFailure("the scorer was not ready after " + seconds(now - start) + ": " + reason.get()
                        + "; see " + plan.scorerLog());
            }
            if (now - nextNote > 0) {
                nextNote = now + PROGRESS_INTERVAL.toNanos();
                print("  ... waiting for the scorer (%s): %s", seconds(now - start), reason.get());
            }
            TimeUnit.MILLISECONDS.sleep(250);
            reason = probe.notReadyReason();
        }
    }

    private void summary(DemoPlan plan, Stream stream, AlertWatcher alerts, long totalNanos) {
        Map<AlertKind, Long> counts = alerts.counts();
        double streamSeconds = stream.nanos() / 1e9;
        print("  events scored     %,d in %.1f s: %,.0f events/s (the simulator sent %,d at %,d/s)",
                stream.eventsScored(), streamSeconds, stream.eventsScored() / streamSeconds,
                stream.answers().eventsSent(), config.rate());
        print("  alerts            %d ATTENTION, %d RECOVERY, %d STATUS (shown: transitions, and each model change)",
                counts.getOrDefault(AlertKind.ATTENTION, 0L), counts.getOrDefault(AlertKind.RECOVERY, 0L),
                counts.getOrDefault(AlertKind.STATUS, 0L));
        print("  devices alerted   %s", list(alerts.devicesInAttention()));
        print("  faulty devices    %s (of %d; answers in %s)", list(stream.answers().faultyDevices()),
                config.devices(), plan.groundTruth());
        alerts.attentionByVersion().forEach((version, devices) -> print("  model %-11s %s found %s in attention",
                version.equals(plan.modelVersion(1)) ? "1" : version.equals(plan.modelVersion(2)) ? "2" : "(other)",
                DemoPlan.MODEL_NAME + " " + version, list(devices)));
        print("  training data     %s (files: %s)", DemoPlan.DATA_URI, plan.onDisk(DemoPlan.DATA_URI));
        print("  model store       %s/%s (files: %s)", DemoPlan.STORE_URI, DemoPlan.MODEL_NAME,
                plan.onDisk(DemoPlan.STORE_URI).resolve(DemoPlan.MODEL_NAME));
        print("  logs              %s, %s, %s", plan.scorerLog(), plan.simulatorLog(), config.home().resolve("logs"));
        print("  took              %s in all", seconds(totalNanos));
        if (config.keep()) {
            print("The stack keeps running (--keep). Try: ./iotstream alerts --from-beginning --max-records 10;"
                    + " ./iotstream model list %s (with the S3 settings of %s); stop it with ./iotstream stack down",
                    DemoPlan.STORE_URI, config.home().resolve(Stack.STATE_FILE));
        }
    }

    private int verdict(DemoPlan plan, Stream stream, AlertWatcher alerts) {
        Set<String> alerted = alerts.devicesInAttention();
        Set<String> faulty = new TreeSet<>(stream.answers().faultyDevices());
        List<String> problems = new ArrayList<>();
        if (!alerted.equals(faulty)) {
            Set<String> missed = new TreeSet<>(faulty);
            missed.removeAll(alerted);
            Set<String> wrong = new TreeSet<>(alerted);
            wrong.removeAll(faulty);
            problems.add("alerted devices differ from the faulty ones (not alerted: " + list(missed)
                    + "; healthy but alerted: " + list(wrong) + ")");
        }
        if (!stream.secondModelLive() || alerts.devicesInAttention(plan.modelVersion(2)).isEmpty()) {
            problems.add("no alert came from the second model " + plan.modelVersion(2));
        }
        if (problems.isEmpty()) {
            print("Result: exactly the %d faulty devices alerted, and the scorer switched from model %s to %s live.",
                    faulty.size(), plan.modelVersion(1), plan.modelVersion(2));
            return 0;
        }
        print("Result: %s (scorer log: %s)", String.join("; ", problems), plan.scorerLog());
        return 1;
    }

    private void runToEnd(ChildCommand command) throws Exception {
        show(command);
        ChildProcess child = foreground(command, "  | ");
        int code = awaitShowingProgress(child);
        if (code != 0) {
            throw new CliFailure(command.title() + " failed (exit " + code + ", output above)");
        }
    }

    /** A step whose output is shown, indented with {@code prefix}. */
    private ChildProcess foreground(ChildCommand command, String prefix) {
        return start(command, command.process().outputLines(line -> print("%s%s", prefix, line)));
    }

    /** A step whose output goes to {@code log}. */
    private ChildProcess background(ChildCommand command, Path log) {
        return start(command, command.process().logFile(log));
    }

    private ChildProcess start(ChildCommand command, ChildProcessBuilder builder) {
        try {
            // detached: on Ctrl-C the demo's own shutdown hook stops its steps gracefully (cleanUp), not a kill
            return keep(builder.detached().closeGrace(STOP_GRACE).start());
        } catch (UncheckedIOException e) {
            throw new IllegalStateException("cannot start " + command.command().get(0) + ": "
                    + e.getCause().getMessage() + ": run the demo as ./iotstream demo from the repository", e);
        }
    }

    /** Waits for a foreground step, noting that it still runs whenever it has been quiet for a while. */
    private int awaitShowingProgress(ChildProcess child) throws InterruptedException {
        return child.awaitExitWithProgress(QUIET, seconds -> print("  ... still running (%d s)", seconds));
    }

    private void checkAlive(ChildProcess child) throws CliFailure {
        if (!child.isAlive()) {
            throw new CliFailure(child + " stopped unexpectedly; the end of " + child.logFile() + ":\n"
                    + child.logTail(15));
        }
    }

    private <T extends AutoCloseable> T keep(T resource) {
        synchronized (started) {
            started.add(resource);
        }
        return resource;
    }

    /** Stops what the run started, newest first, and the stack unless it was up before or --keep; idempotent. */
    void cleanUp() {
        List<AutoCloseable> toClose;
        synchronized (started) {
            if (cleanedUp) {
                return;
            }
            cleanedUp = true;
            toClose = new ArrayList<>(started);
        }
        java.util.Collections.reverse(toClose);
        for (AutoCloseable c : toClose) {
            try {
                c.close();
            } catch (Exception e) {
                print("  (could not stop %s: %s)", c, e.getMessage());
            }
        }
        if (stack != null && !config.keep() && !stackWasUp) {
            print("Stopping the local stack (the demo started it; --keep leaves it up)");
            stack.down();
        } else if (stack != null && stackWasUp && !config.keep()) {
            print("The local stack was up before the demo: left running (./iotstream stack down stops it)");
        }
    }

    private void step(int n, String title) {
        print("%n[%d/%d] %s", n, STEPS, title);
    }

    private void show(ChildCommand command) {
        print("  $ %s", command.display());
    }

    private void print(String format, Object... args) {
        synchronized (out) {
            out.println(String.format(Locale.ROOT, format, args));
            out.flush();
        }
    }

    private static String list(Set<String> devices) {
        return devices.isEmpty() ? "none" : String.join(", ", new TreeSet<>(devices));
    }

    private static String seconds(long nanos) {
        long s = TimeUnit.NANOSECONDS.toSeconds(nanos);
        return s >= 60 ? String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60) : s + " s";
    }
}
