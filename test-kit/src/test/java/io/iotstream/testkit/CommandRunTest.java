package io.iotstream.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

class CommandRunTest {

    @Command(name = "greet")
    static class Greet implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--name", required = true)
        String name;

        @Override
        public Integer call() {
            spec.commandLine().getOut().println("hello " + name);
            spec.commandLine().getErr().println("done");
            return 0;
        }
    }

    @Test
    void capturesExitCodeAndBothStreams() {
        CommandRun run = CommandRun.execute(new CommandLine(new Greet()), "--name", "pump-7");
        assertThat(run.exitCode()).isZero();
        assertThat(run.outLines()).containsExactly("hello pump-7");
        assertThat(run.errLines()).containsExactly("done");
    }

    @Test
    void aBadFlagIsAUsageError() {
        CommandRun run = CommandRun.execute(new CommandLine(new Greet()), "--name", "x", "--nmae");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Unknown option").contains("Usage: greet");
    }
}
