package io.iotstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

class OneLineErrorsTest {

    static final class ExpectedProblem extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ExpectedProblem(String message) {
            super(message);
        }
    }

    @Command(name = "demo", mixinStandardHelpOptions = true)
    static final class Demo implements Callable<Integer> {
        @Option(names = "--fail", description = "what to throw")
        String fail = "none";

        @Override
        public Integer call() throws Exception {
            switch (fail) {
                case "config" -> throw new IllegalArgumentException("--rate is -1: use a positive number");
                case "failure" -> throw new CliFailure("input.csv line 3 has 4 fields, expected 11: fix the file");
                case "gate" -> throw new CliFailure("gate refused: auc 0.91 < 0.97", null, 3);
                case "expected" -> throw new ExpectedProblem("store unreachable at http://127.0.0.1:1:\nstart it");
                case "file" -> throw new NoSuchFileException("/no/such/file");
                case "bug" -> throw new IllegalStateException("oops");
                default -> {
                    return ExitCode.OK;
                }
            }
        }
    }

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new Demo()).setExecutionExceptionHandler(new OneLineErrors(ExpectedProblem.class));
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        return cli.execute(args);
    }

    @Test
    void shouldExitZeroWhenAllIsWell() {
        assertThat(run()).isEqualTo(ExitCode.OK);
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void shouldReportConfigurationErrorsWithExitTwo() {
        assertThat(run("--fail", "config")).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).isEqualTo("demo: --rate is -1: use a positive number" + System.lineSeparator());
    }

    @Test
    void shouldReportFailuresAsOneLineWithTheirExitCode() {
        assertThat(run("--fail", "failure")).isEqualTo(ExitCode.FAILURE);
        assertThat(err.toString()).startsWith("demo: input.csv line 3").hasLineCount(1);
        err.getBuffer().setLength(0);
        assertThat(run("--fail", "gate")).isEqualTo(3);
    }

    @Test
    void shouldFoldMultiLineMessagesOfExpectedFailures() {
        assertThat(run("--fail", "expected")).isEqualTo(ExitCode.FAILURE);
        assertThat(err.toString()).isEqualTo("demo: store unreachable at http://127.0.0.1:1: start it" + System.lineSeparator());
    }

    @Test
    void shouldNameThePathOfMissingFilesAndCallOtherErrorsBugs() {
        assertThat(run("--fail", "file")).isEqualTo(ExitCode.FAILURE);
        assertThat(err.toString()).contains("no such file: /no/such/file");
        err.getBuffer().setLength(0);
        assertThat(run("--fail", "bug")).isEqualTo(ExitCode.FAILURE);
        assertThat(err.toString()).contains("this is a bug");
    }

    @Test
    void shouldLeaveUsageErrorsToPicocliWithExitTwo() {
        assertThat(run("--no-such-flag")).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("Unknown option: '--no-such-flag'").contains("Usage: demo");
    }
}
