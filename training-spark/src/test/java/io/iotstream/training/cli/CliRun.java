package io.iotstream.training.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;

/** Runs the training command in-process as a user would, capturing exit code, stdout and stderr. */
public record CliRun(int exitCode, String out, String err) {

    /** Sessions for commands that must not start Spark: fails the test if asked for one. */
    public static final SessionProvider NO_SPARK = new SessionProvider() {
        @Override
        public SparkSession session(String appName, String master) {
            throw new AssertionError("this command must not start Spark");
        }

        @Override
        public void close() {
        }
    };

    /** A provider handing out {@code session} (shared by the tests; never stopped here). */
    public static SessionProvider sharing(SparkSession session) {
        return new SessionProvider() {
            @Override
            public SparkSession session(String appName, String master) {
                return session;
            }

            @Override
            public void close() {
            }
        };
    }

    public static CliRun run(SessionProvider sessions, Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = TrainingCommand.newCommandLine(
                new TrainingCommand(env, Map.of("user.name", "tester"), sessions, Clock.systemUTC()));
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    public static CliRun run(SessionProvider sessions, String... args) {
        return run(sessions, Map.of(), args);
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out:\n" + out + "--- err:\n" + err;
    }
}
