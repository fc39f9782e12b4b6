package io.iotstream.scoring.cli;

import io.iotstream.cli.ExitCode;
import io.iotstream.scoring.ScoringConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;

/**
 * {@code score clean}: deletes this machine's local state of the application (RocksDB, checkpoints), like
 * {@code KafkaStreams.cleanUp()}. The next run restores it from the changelog topics. Nothing on Kafka changes.
 */
@Command(name = "clean",
        description = "Delete this machine's local state of the application (<state.dir>/<application.id>); the "
                + "next run restores it from the changelog topics. Stop the instance on this machine first.")
final class CleanCommand extends ScoringSubcommand {

    @Override
    protected int run() throws Exception {
        ScoringConfig config = config();
        deleteLocalState(config, out());
        out().flush();
        return ExitCode.OK;
    }

    /** Deletes {@code <state.dir>/<application.id>}; says what it did. */
    static void deleteLocalState(ScoringConfig config, PrintWriter out) throws IOException {
        String stateDir = config.stateDir().orElseGet(() -> new StreamsConfig(Map.of(
                StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId(),
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092")).getString(StreamsConfig.STATE_DIR_CONFIG));
        Path dir = Path.of(stateDir).resolve(config.applicationId());
        if (!Files.exists(dir)) {
            out.println("no local state at " + dir);
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        out.println("deleted local state " + dir);
    }
}
