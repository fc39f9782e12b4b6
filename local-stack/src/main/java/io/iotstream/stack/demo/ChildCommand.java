package io.iotstream.stack.demo;

import io.iotstream.devservices.process.ChildProcess;
import io.iotstream.devservices.process.ChildProcessBuilder;
import java.util.HashMap;
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

    /** This step as a child process, named by its title; the user's JAVA_OPTS win over the demo's sizing. */
    public ChildProcessBuilder process() {
        Map<String, String> added = new HashMap<>(environment);
        String javaOpts = added.remove("JAVA_OPTS");
        return ChildProcess.command(command).name(title).environment(added)
                .environmentDefaults(javaOpts == null ? Map.of() : Map.of("JAVA_OPTS", javaOpts));
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
