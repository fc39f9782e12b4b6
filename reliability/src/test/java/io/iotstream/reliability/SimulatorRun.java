package io.iotstream.reliability;

import io.iotstream.simulator.Ticker;
import io.iotstream.simulator.cli.SimulateCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/**
 * The simulator as the workload's producer: {@code simulate --sink kafka} with a fleet that has known faulty
 * devices, run in-process on its own thread as a user would run the command, so its producer (idempotent, acks=all)
 * rides out what the scenario does to the broker.
 */
final class SimulatorRun implements AutoCloseable {

    private final Thread thread;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private volatile Integer exitCode;

    private SimulatorRun(List<String> args) {
        CommandLine line = SimulateCommand.newCommandLine(new SimulateCommand(Map.of(), new ByteArrayOutputStream(),
                Ticker.system(), InstantSource.system()));
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        thread = new Thread(() -> exitCode = line.execute(args.toArray(String[]::new)), "simulator");
        thread.setDaemon(true);
    }

    /**
     * Starts sending {@code events} readings of {@code devices} devices x {@code sensors} sensors at {@code rate}
     * events/s to the stack's input; {@code faulty} of them drift into failure from the {@code faultAfter}-th
     * event over {@code drift}.
     */
    static SimulatorRun start(Stack stack, long seed, int devices, int sensors, int faulty, long events, int rate,
            long faultAfter, String drift, Path groundTruth) {
        List<String> args = new ArrayList<>(List.of("--sink", "kafka",
                "--bootstrap-servers", stack.broker.bootstrapServers(),
                "--schema-registry-url", stack.registry,
                "--topic", stack.input,
                "--devices", Integer.toString(devices), "--sensors", Integer.toString(sensors),
                "--events", Long.toString(events), "--rate", Integer.toString(rate),
                "--seed", Long.toString(seed),
                "--faulty-devices", Integer.toString(faulty), "--fault-after-events", Long.toString(faultAfter),
                "--fault-drift", drift, "--ground-truth", groundTruth.toString(),
                "--progress-interval", "0s",
                // Ride out a broker restart: keep retrying for two minutes, wait for metadata up to a minute.
                "-X", "delivery.timeout.ms=120000", "-X", "max.block.ms=60000"));
        SimulatorRun run = new SimulatorRun(args);
        run.thread.start();
        return run;
    }

    boolean done() {
        return exitCode != null;
    }

    /** Waits for the end of the run and requires exit code 0. */
    void await(long seconds) throws InterruptedException {
        thread.join(TimeUnit.SECONDS.toMillis(seconds));
        if (exitCode == null) {
            throw new AssertionError("the simulator did not finish within " + seconds + " s; out:\n" + out);
        }
        if (exitCode != 0) {
            throw new AssertionError("the simulator failed, exit " + exitCode + ":\n" + out + err);
        }
    }

    String output() {
        return out.toString() + err;
    }

    /** Throws with the simulator's output if it has already failed. */
    void requireNotFailed() {
        Integer code = exitCode;
        if (code != null && code != 0) {
            throw new AssertionError("the simulator failed, exit " + code + ":\n" + output());
        }
    }

    @Override
    public void close() {
        try {
            thread.join(TimeUnit.SECONDS.toMillis(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
