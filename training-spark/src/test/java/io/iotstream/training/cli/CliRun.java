package io.iotstream.training.cli;

import io.iotstream.testkit.CommandRun;
import java.time.Clock;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** Runs the training command in-process as a user would. */
public final class CliRun {

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

    private CliRun() {
    }

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

    public static CommandRun run(SessionProvider sessions, Map<String, String> env, String... args) {
        return CommandRun.execute(TrainingCommand.newCommandLine(
                new TrainingCommand(env, Map.of("user.name", "tester"), sessions, Clock.systemUTC())), args);
    }

    public static CommandRun run(SessionProvider sessions, String... args) {
        return run(sessions, Map.of(), args);
    }
}
