package io.iotstream.model.bench;

import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.IOException;

/**
 * Runs {@link ScorerBenchmark}: without arguments with the settings of docs/BENCHMARKS.md (1 fork, 3 × 1 s warmup,
 * 5 × 1 s measurement, about 2 minutes); with arguments, they are JMH's own command line
 * (e.g. {@code ScorerBenchmark -f 2 -p features=1000}).
 *
 * <p>Must run in a JVM whose class path is the test class path ({@code mvn -Pjmh ... exec:exec} does that), because
 * JMH forks the measuring JVM with the class path of the JVM it was started in.
 */
public final class ScorerBenchmarkMain {

    private ScorerBenchmarkMain() {
    }

    public static void main(String[] args) throws RunnerException, IOException {
        if (args.length > 0) {
            org.openjdk.jmh.Main.main(args);
            return;
        }
        Options options = new OptionsBuilder()
                .include(ScorerBenchmark.class.getName())
                .forks(1)
                .warmupIterations(3)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(5)
                .measurementTime(TimeValue.seconds(1))
                .jvmArgsAppend("-Xmx256m")
                .build();
        new Runner(options).run();
    }
}
