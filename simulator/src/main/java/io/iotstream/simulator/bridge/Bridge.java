package io.iotstream.simulator.bridge;

import io.iotstream.schemas.csv.MalformedLineException;
import io.iotstream.schemas.csv.SensorEventLine;
import io.iotstream.schemas.csv.SensorEventLine.Event;
import io.iotstream.simulator.StopSignal;
import io.iotstream.simulator.sink.KafkaSink;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads the original benchmark's event lines and publishes each as a {@code SensorReading} of one device, so that
 * the original's own simulator can feed IoTStream. A negative sensor number ends the stream. Malformed lines are
 * counted, reported with their line number to the {@link DeadLetters}, and never stop the bridge.
 */
public final class Bridge {

    /** How many malformed line numbers the summary lists. */
    public static final int LINES_LISTED = 10;

    private final BridgeConfig config;
    private final KafkaSink sink;
    private final DeadLetters deadLetters;
    private final StopSignal stop;
    private final PrintWriter log;
    private final InstantSource wall;
    private final AtomicLong lines = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();

    /**
     * @param sink the readings' sink for the configured device, opened by the caller (so that Kafka is checked
     *     before the source is connected to) and closed by {@link #run}
     * @param err where malformed lines are reported without a dead-letter topic, one line each, prefixed with
     *     {@code errPrefix}
     * @param log progress lines
     */
    public Bridge(BridgeConfig config, KafkaSink sink, PrintWriter err, String errPrefix, StopSignal stop,
            PrintWriter log, InstantSource wall) {
        this.config = Objects.requireNonNull(config, "config");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.deadLetters = config.deadLetterTopic() == null ? new StderrDeadLetters(err, errPrefix)
                : new KafkaDeadLetters(sink, config.deadLetterTopic(),
                        config.device().getBytes(java.nio.charset.StandardCharsets.UTF_8), config.source());
        this.stop = Objects.requireNonNull(stop, "stop");
        this.log = Objects.requireNonNull(log, "log");
        this.wall = Objects.requireNonNull(wall, "wall");
    }

    /**
     * Reads {@code in} to its end, the end-of-stream marker or a stop request, then waits for Kafka to acknowledge
     * everything.
     *
     * @throws IOException if reading fails or Kafka does not take the readings (a
     *     {@link io.iotstream.simulator.sink.SinkException})
     */
    public BridgeSummary run(InputStream in) throws IOException {
        LineReader reader = new LineReader(in, config.maxLineBytes());
        long ignored = 0;
        List<Long> firstMalformed = new ArrayList<>();
        boolean endOfStream = false;
        ScheduledExecutorService progress = startProgress();
        boolean closed = false;
        try {
            long lineNumber = 0;
            while (!stop.requested()) {
                String line = reader.next();
                if (line == null) {
                    break;
                }
                lineNumber = lines.incrementAndGet();
                Event event;
                try {
                    event = parse(line, lineNumber, reader.lastWasTooLong());
                } catch (MalformedLineException e) {
                    malformed.incrementAndGet();
                    if (firstMalformed.size() < LINES_LISTED) {
                        firstMalformed.add(lineNumber);
                    }
                    deadLetters.malformed(e);
                    continue;
                }
                if (event == null) {
                    ignored++;
                } else if (event.isEndOfStream()) {
                    endOfStream = true;
                    if (config.endMarker()) {
                        sink.endOfStream(event.time().toEpochMilli());
                    }
                    break;
                } else {
                    sink.reading(0, event.time().toEpochMilli(), event.sensor(), event.value());
                    published.incrementAndGet();
                }
            }
            closed = true;
            sink.close();
        } finally {
            if (progress != null) {
                progress.shutdownNow();
            }
            if (!closed) {
                try {
                    sink.close();
                } catch (IOException | RuntimeException e) {
                    // the failure that got us here matters more
                }
            }
        }
        return new BridgeSummary(lines.get(), published.get(), sink.delivered(), ignored, malformed.get(),
                firstMalformed, endOfStream, deadLetters.describe());
    }

    /** The line's event; null for blank and comment lines. */
    private Event parse(String line, long lineNumber, boolean tooLong) throws MalformedLineException {
        if (tooLong) {
            throw new MalformedLineException(lineNumber, "longer than " + config.maxLineBytes() + " bytes", line);
        }
        if (SensorEventLine.isIgnorable(line)) {
            return null;
        }
        Event event = SensorEventLine.parse(line, lineNumber);
        if (config.maxSensor() > 0 && event.sensor() > config.maxSensor()) {
            throw new MalformedLineException(lineNumber, "sensor number " + event.sensor() + " is above --sensors "
                    + config.maxSensor(), line);
        }
        return event;
    }

    private ScheduledExecutorService startProgress() {
        long interval = config.progressInterval().toNanos();
        if (interval == 0) {
            return null;
        }
        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bridge-progress");
            t.setDaemon(true);
            return t;
        });
        progress.scheduleAtFixedRate(() -> {
            Instant now = wall.instant().truncatedTo(ChronoUnit.SECONDS);
            log.println(String.format(Locale.ROOT, "%s: %d lines read, %d readings published, %d delivered, "
                    + "%d malformed", now, lines.get(), published.get(), sink.delivered(), malformed.get()));
            log.flush();
        }, interval, interval, TimeUnit.NANOSECONDS);
        return progress;
    }
}
