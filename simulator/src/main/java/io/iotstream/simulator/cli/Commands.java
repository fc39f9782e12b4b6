package io.iotstream.simulator.cli;

import io.iotstream.cli.CliFailure;
import io.iotstream.cli.ModuleVersion;
import io.iotstream.cli.OneLineErrors;
import io.iotstream.cli.settings.CommandLines;
import io.iotstream.cli.topics.TopicLayout;
import io.iotstream.cli.topics.TopicPreflight;
import io.iotstream.schemas.kafka.TopicCatalogue;
import io.iotstream.simulator.sink.KafkaSink;
import io.iotstream.simulator.sink.SinkException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What {@code simulate} and {@code bridge} share as commands: failure handling, defaults, output, version. */
final class Commands {

    /** Sink failures are expected: their messages name the fix. */
    static final OneLineErrors ERRORS = new OneLineErrors(SinkException.class);

    private Commands() {
    }

    /** Library logging (slf4j-simple) only for errors, on stderr: a command's output is the point. */
    static void quietLibraryLogging() {
        for (String logger : new String[] {"defaultLogLevel", "log.org.apache.kafka"}) {
            String key = "org.slf4j.simpleLogger." + logger;
            System.setProperty(key, System.getProperty(key, logger.equals("defaultLogLevel") ? "warn" : "error"));
        }
    }

    /** A command line with the settings of {@code env} (cli-kit's layers and checks) and the failure handler. */
    static CommandLine commandLine(Object command, Map<String, String> env) {
        return CommandLines.configure(new CommandLine(command).setExecutionExceptionHandler(ERRORS), env);
    }

    /** One line of the command's own, prefixed with its name, flushed: progress must show while it runs. */
    static void say(CommandSpec spec, PrintWriter log, String message) {
        log.println(spec.qualifiedName() + ": " + message);
        log.flush();
    }

    /**
     * The check before a Kafka sink opens (cli-kit's {@link TopicPreflight}): the brokers answer within the
     * producer's {@code max.block.ms}, and the topic exists (exit 4 naming the {@code topics create} command
     * otherwise), so that the producer never auto-creates it with the broker's defaults.
     */
    static void requireTopic(CommandSpec spec, PrintWriter log, Map<String, Object> kafka, String topic,
            boolean frames) throws CliFailure {
        Duration timeout = KafkaSink.maxBlock(kafka);
        TopicLayout layout = new TopicLayout(Map.of(frames ? TopicCatalogue.FRAMES : TopicCatalogue.READINGS,
                topic));
        TopicPreflight.require(kafka, layout, timeout, "--bootstrap-servers or IOTSTREAM_BOOTSTRAP_SERVERS "
                + "(waiting max.block.ms)", warning -> say(spec, log, "warning: " + warning));
    }

    /** --version: the command's name and the module's version from the jar. */
    static final class VersionProvider implements CommandLine.IVersionProvider {

        @Spec
        CommandSpec spec;

        @Override
        public String[] getVersion() {
            return new String[] {spec.name() + " (IoTStream simulator) " + ModuleVersion.of("iotstream-simulator")};
        }
    }
}
