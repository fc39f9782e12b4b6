package io.iotstream.testkit;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;

/**
 * A command run in-process as a user would run it: its exit code and what it printed on standard output and
 * standard error. The modules' own {@code CliRun}s build the command (with the environment and clock the test
 * gives it) and hand it here.
 *
 * @param exitCode what {@code main} would have exited with
 * @param out standard output
 * @param err standard error
 */
public record CommandRun(int exitCode, String out, String err) {

    /** Runs {@code command} with {@code args}, capturing its two streams. */
    public static CommandRun execute(CommandLine command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        int code = command.execute(args);
        return new CommandRun(code, out.toString(), err.toString());
    }

    public List<String> outLines() {
        return out.lines().toList();
    }

    public List<String> errLines() {
        return err.lines().toList();
    }

    /** Everything, for assertion messages. */
    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out:\n" + out + "--- err:\n" + err;
    }
}
