package io.iotstream.stack.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything {@code ./iotstream demo} can be told, validated up front; errors name the flag.
 *
 * @param launcher the {@code ./iotstream} script the steps run through
 * @param home the local stack's folder ({@code IOTSTREAM_HOME}); the demo's own files go to {@code <home>/demo}
 * @param rows training rows {@code iotgen} writes
 * @param sensors sensors per row and per simulated device (the model's features)
 * @param partitions Spark partitions of the training data
 * @param devices simulated devices
 * @param faultyDevices how many of them fail (the simulator picks which, and writes the answers down)
 * @param rate events per second over all devices
 * @param stream how long the stream runs at least; it goes on until the second model has been seen
 * @param faultAfter when, from the stream's start, the faulty devices start to fail
 * @param secondEngine the trainer of the second model, {@code spark} or {@code tribuo}
 * @param modelPollInterval how often the scorer re-reads the store's live pointer
 * @param seed seed of the data and the stream
 * @param keep leave the stack (and what the demo wrote) for exploring instead of stopping it
 */
public record DemoConfig(Path launcher, Path home, long rows, int sensors, int partitions, int devices,
        int faultyDevices, int rate, Duration stream, Duration faultAfter, String secondEngine,
        Duration modelPollInterval, long seed, boolean keep) {

    /** The longest the stream waits, beyond {@link #stream()}, for the faulty devices and the second model. */
    public static final Duration STREAM_GRACE = Duration.ofMinutes(3);

    public DemoConfig {
        Objects.requireNonNull(launcher, "launcher");
        Objects.requireNonNull(home, "home");
        require(rows >= 100, "--rows must be at least 100, not " + rows);
        require(sensors >= 2 && sensors <= 10_000, "--sensors must be between 2 and 10000, not " + sensors);
        require(partitions >= 1, "--partitions must be at least 1, not " + partitions);
        require(devices >= 2, "--devices must be at least 2 (some faulty, some healthy), not " + devices);
        require(faultyDevices >= 1 && faultyDevices < devices,
                "--faulty-devices must be between 1 and --devices - 1 (" + (devices - 1) + "), not " + faultyDevices);
        require(rate >= devices, "--rate must be at least one event per second per device (" + devices + "), not "
                + rate);
        require(!stream.isNegative() && stream.toSeconds() >= 5, "--seconds must be at least 5, not "
                + stream.toSeconds());
        require(!faultAfter.isNegative() && faultAfter.compareTo(stream) < 0,
                "--fault-after must be between 0 and --seconds (" + stream.toSeconds() + "), not "
                        + faultAfter.toSeconds());
        require("spark".equals(secondEngine) || "tribuo".equals(secondEngine),
                "--second-engine must be spark or tribuo, not '" + secondEngine + "'");
        require(!modelPollInterval.isNegative() && !modelPollInterval.isZero(),
                "--model-poll-ms must be positive, not " + modelPollInterval.toMillis());
    }

    /** The demo's own files: logs, the scorer's state, the simulator's answers. */
    public Path workDir() {
        return home.resolve("demo");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
