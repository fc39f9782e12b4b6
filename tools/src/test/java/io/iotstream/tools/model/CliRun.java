package io.iotstream.tools.model;

import io.iotstream.testkit.CommandRun;
import java.util.Map;

/** Runs the {@code model} command in-process as the tests' user would. */
final class CliRun {

    private CliRun() {
    }

    static CommandRun run(Map<String, String> env, String... args) {
        return CommandRun.execute(ModelCommand.newCommandLine(new ModelCommand(env, Map.of("user.name", "tester"))),
                args);
    }
}
