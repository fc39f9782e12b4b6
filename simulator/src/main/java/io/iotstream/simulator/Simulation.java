package io.iotstream.simulator;

import io.iotstream.model.synthetic.FailureRule;
import io.iotstream.model.synthetic.SeedDomain;
import io.iotstream.simulator.sink.EventSink;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.InstantSource;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One run of the simulator: events for a fleet of devices, paced (or as fast as the sink takes them), into a
 * sink, with progress reports, an optional end marker, and the known answers of a {@link FaultPlan}.
 *
 * <p>What is sent is a function of the configuration's seed alone, whatever the rate: devices take turns (device
 * 0, 1, ..., D-1, 0, ...), and device {@code d} draws its sensor numbers and values from its own stream,
 * {@code SeedDomain.STREAMING.random(seed, d)} for readings or {@code SeedDomain.TESTING.random(seed, d)} for
 * frames (labelled test data, disjoint from iotgen's TRAINING rows). Only the event times depend on the clock: an
 * event's time is the moment it was due (paced) or released ({@code --rate max}), in milliseconds.
 *
 * <p>Readings pick a sensor uniformly (like the original's {@code random.randint(1, n)}) and a value uniform in
 * [0,1), mapped through the fault plan when there is one.
 */
public final class Simulation {

    /** The STREAMING-domain stream index of the pacing gaps; devices use indexes 0 and up. */
    static final long PACING_STREAM = -2;
    /** At --rate max the clock is read once per this many events: event times are milliseconds anyway. */
    private static final int CLOCK_EVERY_MASK = 63;

    private final SimulateConfig config;
    private final EventSink sink;
    private final Ticker ticker;
    private final InstantSource wall;
    private final StopSignal stop;
    private final PrintWriter log;
    private final Fleet fleet;
    private final FaultPlan plan;
    private final GroundTruth truth;
    private final AtomicLong sentCounter = new AtomicLong();

    /**
     * @param config what to simulate
     * @param fleet the devices (ids and keys), as the sink was given them
     * @param sink where events go; opened and closed by {@link #run()}
     * @param ticker the clock that paces events
     * @param wall the clock for event times
     * @param stop ends the run early when requested
     * @param log where progress lines go (and nothing else)
     */
    public Simulation(SimulateConfig config, Fleet fleet, EventSink sink, Ticker ticker, InstantSource wall,
            StopSignal stop, PrintWriter log) {
        this.config = Objects.requireNonNull(config, "config");
        this.fleet = Objects.requireNonNull(fleet, "fleet");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.wall = Objects.requireNonNull(wall, "wall");
        this.stop = Objects.requireNonNull(stop, "stop");
        this.log = Objects.requireNonNull(log, "log");
        if (fleet.size() != config.devices()) {
            throw new IllegalArgumentException("fleet has " + fleet.size() + " devices, config " + config.devices());
        }
        if (config.knownAnswers()) {
            this.plan = FaultPlan.create(config.rule(), config.devices(), config.faultyDevices(), config.seed(),
                    config.faultDrift().toNanos());
            this.truth = new GroundTruth(config.groundTruth(), config, fleet, plan);
        } else {
            this.plan = null;
            this.truth = null;
        }
    }

    /** The fault plan, or null without {@code --faulty-devices}. */
    public FaultPlan faultPlan() {
        return plan;
    }

    /** Events sent so far; readable from any thread. */
    public long sent() {
        return sentCounter.get();
    }

    /**
     * Runs until the event limit, the duration or a stop request, then sends the end marker (if asked) and waits
     * for the sink to confirm delivery.
     *
     * @throws IOException if the sink fails (a {@link io.iotstream.simulator.sink.SinkException} names the fix)
     */
    public Summary run() throws IOException {
        stop.runOn(Thread.currentThread());
        boolean closed = false;
        Loop loop = null;
        try {
            sink.open();
            loop = new Loop();
            loop.run();
            long endMillis = loop.wallStart + (ticker.nanoTime() - loop.startNanos) / 1_000_000;
            if (config.endMarker()) {
                sink.endOfStream(endMillis);
            }
            closed = true;
            sink.close();
            loop.stopProgress();
            if (truth != null) {
                truth.write(true, loop.sent);
            }
            return new Summary(loop.sent, sink.delivered(), loop.lastReleaseNanos - loop.firstReleaseNanos,
                    config.rate(), config.endMarker(), loop.stoppedEarly);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            if (loop != null) {
                loop.stopProgress();
            }
            if (!closed) {
                closeAfterFailure();
            }
            if (loop != null && truth != null && !closed) {
                try {
                    truth.write(false, loop.sent);
                } catch (IOException e) {
                    // the failure that got us here matters more
                }
            }
        }
    }

    private void closeAfterFailure() {
        try {
            sink.close();
        } catch (IOException | RuntimeException e) {
            // the failure that got us here matters more
        }
    }

    /** The state of one run. */
    private final class Loop {
        final int devices = config.devices();
        final int sensors = config.sensors();
        final boolean frames = config.frames();
        final FailureRule rule = config.rule();
        final SplittableRandom[] randoms = new SplittableRandom[devices];
        final double[] frameValues;
        final long limit = config.events() == null ? Long.MAX_VALUE : config.events();
        final long durationNanos = config.duration() == null ? Long.MAX_VALUE : config.duration().toNanos();
        final long faultAfterEvents = config.faultAfterEvents() == null ? -1 : config.faultAfterEvents();
        final Runnable flush = () -> {
            try {
                sink.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        final Pacer pacer;
        final long wallStart;
        final long startNanos;
        ScheduledExecutorService progress;
        long sent;
        long firstReleaseNanos;
        long lastReleaseNanos;
        boolean stoppedEarly;

        Loop() throws IOException {
            SeedDomain domain = frames ? SeedDomain.TESTING : SeedDomain.STREAMING;
            for (int d = 0; d < devices; d++) {
                randoms[d] = domain.random(config.seed(), d);
            }
            frameValues = frames ? new double[sensors] : null;
            wallStart = wall.millis();
            if (config.maxRate()) {
                pacer = null;
                startNanos = ticker.nanoTime();
            } else {
                pacer = new Pacer(ticker, config.rate(),
                        SeedDomain.STREAMING.random(config.seed(), PACING_STREAM));
                pacer.start();
                startNanos = pacer.startNanos();
            }
            if (truth != null) {
                truth.started(wallStart);
                if (config.faultAfter() != null) {
                    plan.startAt(config.faultAfter().toNanos());
                    truth.faultStarted(wallStart + config.faultAfter().toMillis());
                }
                truth.write(false, 0);
            }
            startProgress();
        }

        void run() throws IOException {
            int device = 0;
            long round = 0;
            long offset = 0;
            long eventMillis = wallStart;
            long lastPacedRelease = 0;
            while (sent < limit) {
                if (stop.requested()) {
                    stoppedEarly = true;
                    break;
                }
                if (pacer != null) {
                    if (pacer.nextDueOffset() >= durationNanos) {
                        break;
                    }
                    offset = pacer.awaitNext(flush, stop::requested);
                    if (offset < 0) {
                        stoppedEarly = true;
                        break;
                    }
                    eventMillis = wallStart + offset / 1_000_000;
                    lastPacedRelease = pacer.lastReleaseNanos() - startNanos;
                } else if ((sent & CLOCK_EVERY_MASK) == 0) {
                    offset = ticker.nanoTime() - startNanos;
                    if (offset >= durationNanos) {
                        break;
                    }
                    eventMillis = wallStart + offset / 1_000_000;
                }
                if (sent == faultAfterEvents) {
                    plan.startAt(offset);
                    truth.faultStarted(eventMillis);
                }
                if (frames) {
                    frame(device, round, eventMillis, offset);
                } else {
                    reading(device, round, eventMillis, offset);
                }
                if (sent == 0) {
                    firstReleaseNanos = pacer != null ? pacer.lastReleaseNanos() - startNanos : offset;
                }
                sent++;
                sentCounter.lazySet(sent);
                if (++device == devices) {
                    device = 0;
                    round++;
                }
            }
            if (sent > 0) {
                lastReleaseNanos = pacer != null ? lastPacedRelease : ticker.nanoTime() - startNanos;
            }
        }

        void reading(int device, long round, long eventMillis, long offset) throws IOException {
            SplittableRandom random = randoms[device];
            int sensor = 1 + random.nextInt(sensors);
            double value = random.nextDouble();
            if (plan != null) {
                double drift = plan.drift(device, offset);
                value = plan.value(value, drift);
                if (drift > 0) {
                    truth.reading(device, round, eventMillis, sensor, drift);
                }
            }
            sink.reading(device, eventMillis, sensor, value);
        }

        void frame(int device, long round, long eventMillis, long offset) throws IOException {
            SplittableRandom random = randoms[device];
            double drift = plan == null ? 0 : plan.drift(device, offset);
            for (int s = 0; s < sensors; s++) {
                double u = random.nextDouble();
                frameValues[s] = plan == null ? u : plan.value(u, drift);
            }
            if (drift > 0) {
                truth.frame(device, round, eventMillis, drift);
            }
            sink.frame(device, eventMillis, frameValues, config.labels() ? rule.label(frameValues) : null);
        }

        private void startProgress() {
            long interval = config.progressInterval().toNanos();
            if (interval == 0) {
                return;
            }
            Progress reporter = new Progress(log, wall, startNanos);
            progress = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "simulate-progress");
                t.setDaemon(true);
                return t;
            });
            progress.scheduleAtFixedRate(() -> reporter.report(ticker.nanoTime(), sentCounter.get(),
                    sink.delivered()), interval, interval, TimeUnit.NANOSECONDS);
        }

        void stopProgress() {
            if (progress != null) {
                progress.shutdownNow();
                try {
                    progress.awaitTermination(1, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                progress = null;
            }
        }
    }
}
