package io.iotstream.stack.demo;

import java.util.List;
import java.util.Map;

/**
 * One step's process: the launcher's arguments and the environment added to the demo's own.
 *
 * @param title what the step does, for progress lines
 * @param command the command line, starting with the launcher
 * @param environment added to the inherited environment; holds the S3 credentials, so it is never printed
 */
public record ChildCommand(String title, List<String> command, Map<String, String> environment) {

    public ChildCommand {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
    }

    /** The command line as a person would type it (the launcher as {@code ./iotstream}); no secrets in it. */
    public String display() {
        StringBuilder line = new StringBuilder("./iotstream");
        for (String arg : command.subList(1, command.size())) {
            line.append(' ').append(arg.isEmpty() || arg.matches(".*[\\s'\"$&|;<>*?].*") ? "'" + arg + "'" : arg);
        }
        return line.toString();
    }
}
