package io.iotstream.simulator.bridge;

import io.iotstream.schemas.csv.MalformedLineException;
import io.iotstream.schemas.csv.SensorEventLine;
import io.iotstream.schemas.csv.SensorEventLine.Event;
import io.iotstream.simulator.StopSignal;
import io.iotstream.simulator.sink.EventSink;
import io.iotstream.simulator.source.ReadingSource;
import io.iotstream.simulator.source.SourceException;
import java.io.IOException;
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
 * Reads the original benchmark's sensor events from a {@link ReadingSource} and publishes each to an
 * {@link EventSink} as a reading of one device, so that the original's own simulator can feed IoTStream. A negative
 * sensor number ends the stream. Malformed items are counted, reported with their position to the dead letters (the
 * sink's dead-letter topic, or stderr), and never stop the bridge.
 */
public final class Bridge {

    /** How many malformed line numbers the summary lists. */
    public static final int LINES_LISTED = 10;

    /** The sink's one device: the original's stream has no device id, so all of it is the configured device's. */
    static final int DEVICE = 0;

    private final BridgeConfig config;
    private final EventSink sink;
    private final PrintWriter err;
    private final String errPrefix;
    private final StopSignal stop;
    private final PrintWriter log;
    private final InstantSource wall;
    // atomic: the progress reporter reads them from its own thread
    private final AtomicLong lines = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();

    /**
     * @param config what to publish, and how: the end marker, the sensor limit, the dead-letter topic, progress
     * @param sink where readings (device 0, the configured device) and dead letters go; opened by the caller (so
     *     that Kafka is checked before the source is opened) and closed by {@link #run}
     * @param err where malformed lines are reported without a dead-letter topic, one line each, prefixed with
     *     {@code errPrefix}
     * @param stop ends the run before the next item
     * @param log progress lines
     * @param wall the clock of the progress lines
     */
    public Bridge(BridgeConfig config, EventSink sink, PrintWriter err, String errPrefix, StopSignal stop,
            PrintWriter log, InstantSource wall) {
        this.config = Objects.requireNonNull(config, "config");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.err = Objects.requireNonNull(err, "err");
        this.errPrefix = Objects.requireNonNull(errPrefix, "errPrefix");
        this.stop = Objects.requireNonNull(stop, "stop");
        this.log = Objects.requireNonNull(log, "log");
        this.wall = Objects.requireNonNull(wall, "wall");
    }

    /**
     * Opens {@code source} and reads it to its end, the end-of-stream marker or a stop request, then closes the
     * source and the sink, which waits for the sink to confirm everything (Kafka's acknowledgements). The sink is
     * closed whatever happens.
     *
     * @throws SourceException if the source cannot be opened or read; the message names the source and the fix
     * @throws IOException if the sink does not take the readings (a {@link io.iotstream.simulator.sink.SinkException})
     */
    public BridgeSummary run(ReadingSource source) throws IOException {
        DeadLetters deadLetters = config.deadLetterTopic() == null ? new StderrDeadLetters(err, errPrefix)
                : new TopicDeadLetters(sink, config.deadLetterTopic(), DEVICE, source.name());
        long ignored = 0;
        List<Long> firstMalformed = new ArrayList<>();
        boolean endOfStream = false;
        ScheduledExecutorService progress = startProgress();
        boolean sinkClosed = false;
        try {
            open(source);
            while (!stop.requested()) {
                ReadingSource.Item item = next(source);
                if (item == null) {
                    break;
                }
                lines.incrementAndGet();
                Event event;
                try {
                    event = parse(item);
                } catch (MalformedLineException e) {
                    malformed.incrementAndGet();
                    if (firstMalformed.size() < LINES_LISTED) {
                        firstMalformed.add(e.lineNumber());
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
                    sink.reading(DEVICE, event.time().toEpochMilli(), event.sensor(), event.value());
                    published.incrementAndGet();
                }
            }
            sinkClosed = true;
            sink.close();
        } finally {
            if (progress != null) {
                progress.shutdownNow();
            }
            try {
                source.close();
            } catch (IOException e) {
                // everything read is in the sink by now, or a failure that matters more is on its way out
            }
            if (!sinkClosed) {
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

    private void open(ReadingSource source) throws SourceException {
        try {
            source.open();
        } catch (SourceException e) {
            throw e;
        } catch (IOException e) {
            throw failed(source, e);
        }
    }

    private ReadingSource.Item next(ReadingSource source) throws SourceException {
        try {
            return source.next();
        } catch (SourceException e) {
            throw e;
        } catch (IOException e) {
            throw failed(source, e);
        }
    }

    private SourceException failed(ReadingSource source, IOException e) {
        if (stop.requested()) {
            // a stop closes a source that waits for input: the read fails because we asked it to
            return new SourceException("stopped while reading " + source.name(), e);
        }
        return new SourceException("reading " + source.name() + " failed: " + e.getMessage() + ": check the source",
                e);
    }

    /** The item's event; null for blank and comment lines. */
    private Event parse(ReadingSource.Item item) throws MalformedLineException {
        if (item.malformed() != null) {
            throw new MalformedLineException(item.position(), item.malformed(), item.text());
        }
        if (SensorEventLine.isIgnorable(item.text())) {
            return null;
        }
        Event event = SensorEventLine.parse(item.text(), item.position());
        if (config.maxSensor() > 0 && event.sensor() > config.maxSensor()) {
            throw new MalformedLineException(item.position(), "sensor number " + event.sensor()
                    + " is above --sensors " + config.maxSensor(), item.text());
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
