package io.iotstream.simulator.cli;

import io.iotstream.simulator.Ticker;
import io.iotstream.testkit.CommandRun;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** Runs {@code simulate} or {@code bridge} in-process as a user would: {@link CommandRun}'s capture plus the data. */
record CliRun(int exitCode, String out, String err, String data) {

    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    static CliRun simulate(String... args) {
        return simulate(Map.of(), Ticker.system(), args);
    }

    static CliRun simulate(Map<String, String> env, Ticker ticker, String... args) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        return run(SimulateCommand.newCommandLine(new SimulateCommand(env, data, ticker, InstantSource.fixed(T0))),
                data, args);
    }

    static CliRun bridge(String stdin, String... args) {
        return bridge(Map.of(), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), args);
    }

    static CliRun bridge(Map<String, String> env, InputStream stdin, String... args) {
        return run(BridgeCommand.newCommandLine(new BridgeCommand(env, stdin, InstantSource.system())),
                new ByteArrayOutputStream(), args);
    }

    private static CliRun run(CommandLine cmd, ByteArrayOutputStream data, String... args) {
        CommandRun run = CommandRun.execute(cmd, args);
        return new CliRun(run.exitCode(), run.out(), run.err(), data.toString(StandardCharsets.UTF_8));
    }

    List<String> dataLines() {
        return data.lines().toList();
    }

    List<String> errLines() {
        return err.lines().toList();
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out:\n" + out + "--- err:\n" + err + "--- data: " + data.length()
                + " chars";
    }
}
