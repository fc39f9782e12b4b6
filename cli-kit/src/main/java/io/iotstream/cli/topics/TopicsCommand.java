package io.iotstream.cli.topics;

import io.iotstream.cli.ExitCode;
import io.iotstream.cli.ModuleVersion;
import io.iotstream.cli.OneLineErrors;
import io.iotstream.cli.settings.CommandLines;
import io.iotstream.cli.settings.SettingNames;
import io.iotstream.schemas.kafka.TopicCatalogue;
import io.iotstream.schemas.kafka.TopicSpec;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;

/**
 * {@code topics create | check | describe}: the deployment's topics and registry subjects as the topic catalogue
 * wants them. It lives in the kit, not in one deployable, because every image carries it: the Kubernetes topics Job
 * runs it from the scorer's image, and the scorer, simulator and bridge name it in their start-up checks.
 */
@Command(name = "topics",
        mixinStandardHelpOptions = true,
        versionProvider = TopicsCommand.VersionProvider.class,
        subcommands = {CreateTopicsCommand.class, CheckTopicsCommand.class, DescribeTopicsCommand.class},
        description = {"The deployment's Kafka topics and registry subjects, from the one topic catalogue "
                + "(docs/schemas.md#topics): create what is missing, check what differs, describe what is there.",
                "Topic names are the scorer's settings (--input-topic, IOTSTREAM_INPUT_TOPIC...); Kafka and the "
                        + "registry default to the local stack's (./iotstream stack up)."})
public final class TopicsCommand implements Callable<Integer> {

    /** How users run it; the start-up checks' messages name this. */
    public static final String LAUNCHER = "./iotstream topics";

    static final OneLineErrors ERRORS = new OneLineErrors(ClusterTopics.KafkaUnavailableException.class,
            io.iotstream.schemas.registry.SchemaRegistryException.class);

    final Map<String, String> env;

    @Spec
    CommandSpec spec;

    public TopicsCommand(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    public static void main(String[] args) {
        // The Admin client logs every failed connection attempt; the command says once what is unreachable.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka.clients.NetworkClient", "error");
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka.clients.admin.internals", "error");
        System.exit(newCommandLine(new TopicsCommand(System.getenv())).execute(args));
    }

    /** The command line {@code main} runs: the topic-name flags, cli-kit's settings layers and checks. */
    public static CommandLine newCommandLine(TopicsCommand command) {
        CommandLine line = new CommandLine(command).setExecutionExceptionHandler(ERRORS);
        for (CommandLine sub : line.getSubcommands().values()) {
            addTopicNameOptions(sub.getCommandSpec());
        }
        return CommandLines.configure(line, command.env);
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.USAGE;
    }

    /**
     * The command that creates the topics of {@code layout}: its names where they are not the defaults, the
     * readings' partitions and the brokers, so that it can be pasted as it is.
     */
    public static String createCommand(TopicLayout layout, int partitions, String bootstrapServers) {
        StringBuilder command = new StringBuilder(LAUNCHER).append(" create");
        layout.names().forEach((topic, name) -> {
            if (!topic.required() || !name.equals(topic.defaultName())) {
                command.append(' ').append(SettingNames.flagName(topic.setting())).append(' ').append(name);
            }
        });
        command.append(" --input-partitions ").append(partitions);
        if (bootstrapServers != null && !bootstrapServers.isBlank()) {
            command.append(" --bootstrap-servers ").append(bootstrapServers);
        }
        return command.toString();
    }

    /** One flag per catalogue topic, named after its setting, so the scorer's names and variables work here. */
    private static void addTopicNameOptions(CommandSpec sub) {
        for (TopicSpec topic : TopicCatalogue.all()) {
            String flag = SettingNames.flagName(topic.setting());
            OptionSpec.Builder option = OptionSpec.builder(flag).paramLabel("<topic>").type(String.class).arity("1");
            if (topic.required()) {
                option.defaultValue(topic.defaultName()).description("The " + topic.role() + " topic: "
                        + topic.description() + " (env: " + SettingNames.envName(topic.setting())
                        + "; default: ${DEFAULT-VALUE}).");
            } else {
                option.description("The " + topic.role() + " topic, only if the deployment has one: "
                        + topic.description() + " (env: " + SettingNames.envName(topic.setting())
                        + "; e.g. " + topic.defaultName() + ").");
            }
            sub.addOption(option.build());
        }
    }

    static final class VersionProvider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"topics (IoTStream) " + ModuleVersion.of("iotstream-cli-kit")};
        }
    }
}
