package io.iotstream.devservices.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotstream.devservices.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessTest {

    private static final Duration LIMIT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    private static ChildProcessBuilder sh(String script) {
        return ChildProcess.command("sh", "-c", script);
    }

    @Test
    void shouldAppendOutputAndErrorsToTheLogAndReadOnlyThisRun() throws Exception {
        Path log = tmp.resolve("logs/child.log");
        Files.createDirectories(log.getParent());
        Files.writeString(log, "an earlier run\n");

        ChildProcess child = sh("echo out; echo err >&2").logFile(log).start();

        assertThat(child.awaitExit(LIMIT)).isZero();
        assertThat(child.logText().lines()).containsExactlyInAnyOrder("out", "err");
        assertThat(child.logTail(10)).doesNotContain("earlier");
        assertThat(Files.readString(log)).startsWith("an earlier run\n");
    }

    @Test
    void shouldKeepErrorsApartWhenTheyHaveTheirOwnFile() throws Exception {
        Path err = tmp.resolve("child.err");
        ChildProcess child = sh("echo out; echo err >&2").logFile(tmp.resolve("child.out")).errorLog(err).start();

        assertThat(child.awaitExit(LIMIT)).isZero();
        assertThat(child.logText()).isEqualTo("out\n");
        assertThat(Files.readString(err)).isEqualTo("err\n");
    }

    @Test
    void shouldHandEveryLineToTheConsumerBeforeReturningTheExitCode() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        ChildProcess child = sh("echo one; echo two >&2; echo three; exit 3").name("three lines")
                .outputLines(lines::add).start();

        assertThat(child.awaitExit(LIMIT)).isEqualTo(3);
        assertThat(lines).containsExactly("one", "two", "three");
        assertThat(child.describeFailure("It failed")).startsWith("It failed (three lines, pid " + child.pid()
                + ", exited with 3). Last lines of its output:").endsWith("three");
    }

    @Test
    void shouldReadNothingFromItsInput() throws Exception {
        // a child reading stdin ends at once instead of waiting forever on a pipe nobody writes
        ChildProcess child = sh("cat; echo input ended").logFile(tmp.resolve("cat.log")).start();

        child.awaitSuccess(LIMIT);
        assertThat(child.logText()).isEqualTo("input ended\n");
    }

    @Test
    void shouldAddToTheEnvironmentLeavingTheUsersDefaultsAndDroppingWhatIsExcluded() throws Exception {
        assertThat(System.getenv("PATH")).isNotBlank();
        ChildProcess child = sh("echo \"A=$A B=$B PATH=$PATH HOME=$HOME\"").logFile(tmp.resolve("env.log"))
                .environment(Map.of("A", "added", "HOME", "given"))
                .environmentDefaults(Map.of("B", "default", "PATH", "overridden"))
                .withoutInherited(name -> name.equals("HOME") || name.equals("PATH"))
                .start();

        child.awaitSuccess(LIMIT);
        // PATH was removed from what is inherited, so its default applies; HOME is given explicitly
        assertThat(child.logText().strip()).isEqualTo("A=added B=default PATH=overridden HOME=given");
    }

    @Test
    void shouldKeepTheUsersValueOverADefault() throws Exception {
        ChildProcess child = sh("echo \"PATH=$PATH\"").logFile(tmp.resolve("env.log"))
                .environmentDefaults(Map.of("PATH", "overridden")).start();

        child.awaitSuccess(LIMIT);
        assertThat(child.logText().strip()).isEqualTo("PATH=" + System.getenv("PATH"));
    }

    @Test
    void shouldFailWithTheLogsTailOnANonZeroExit() {
        ChildProcess child = sh("echo why it failed; exit 4").name("failing").logFile(tmp.resolve("f.log")).start();

        assertThatThrownBy(() -> child.awaitSuccess(LIMIT)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("failing failed (failing, pid " + child.pid() + ", exited with 4; log "
                        + tmp.resolve("f.log") + ")")
                .hasMessageContaining("why it failed");
    }

    @Test
    void shouldKillAChildThatRunsPastTheLimit() throws Exception {
        ChildProcess child = sh("echo started; exec sleep 600").name("slow").logFile(tmp.resolve("s.log")).start();
        assertThat(child.awaitLine("started", LIMIT)).isTrue();

        assertThatThrownBy(() -> child.awaitExit(Duration.ofMillis(100))).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("slow did not finish within 100 ms (slow, pid " + child.pid()
                        + ", still running")
                .hasMessageContaining("started");
        assertThat(child.isAlive()).isFalse();
    }

    @Test
    void shouldFindALineOnlyWhileTheChildCanStillPrintIt() throws Exception {
        Path log = tmp.resolve("ready.log");
        Files.writeString(log, "ready\n");
        ChildProcess child = sh("echo starting; echo '  ready  '; exec sleep 600").logFile(log).start();
        try {
            assertThat(child.awaitLine("ready", LIMIT)).isTrue();
        } finally {
            child.kill();
        }

        ChildProcess ended = sh("echo done").logFile(log).start();
        assertThat(ended.awaitLine("ready", LIMIT)).as("an earlier run's line does not count").isFalse();
        assertThat(ended.awaitLine("done", LIMIT)).as("printed before it ended").isTrue();
    }

    @Test
    void shouldNoteProgressWhileTheChildIsQuiet() throws Exception {
        Path go = tmp.resolve("go");
        AtomicLong notes = new AtomicLong();
        ChildProcess child = sh("until [ -f " + go + " ]; do sleep 0.05; done").outputLines(line -> { })
                .start();

        int code = child.awaitExitWithProgress(Duration.ofMillis(100), seconds -> {
            notes.incrementAndGet();
            try {
                Files.writeString(go, "");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });

        assertThat(code).isZero();
        assertThat(notes).hasPositiveValue();
    }

    @Test
    void shouldStopTheChildAndItsDescendantsWithSigterm() {
        ChildProcess child = sh("sleep 600 & echo forked; wait").outputLines(line -> { }).start();
        ProcessHandle sleeper = Await.until("the child forked its sleep", LIMIT,
                () -> child.toHandle().children().findFirst().orElse(null));

        assertThat(child.stop(LIMIT)).as("ended on SIGTERM").isTrue();

        assertThat(child.exitCode()).isEqualTo(143);
        Await.until("the descendant is gone", LIMIT, () -> !sleeper.isAlive());
    }

    @Test
    void shouldKillAChildThatIgnoresSigtermAfterTheGrace() throws Exception {
        ChildProcess child = sh("trap '' TERM; echo trapped; while :; do sleep 0.1; done")
                .logFile(tmp.resolve("t.log")).closeGrace(Duration.ofMillis(200)).start();
        assertThat(child.awaitLine("trapped", LIMIT)).isTrue();

        child.close();

        assertThat(child.isAlive()).isFalse();
        assertThat(child.exitCode()).isEqualTo(137);
    }

    @Test
    void shouldRefuseAnUnclearSetUp() {
        assertThatThrownBy(() -> sh("true").start()).hasMessageContaining("either a log file or a line consumer");
        assertThatThrownBy(() -> sh("true").outputLines(l -> { }).errorLog(tmp.resolve("e")).start())
                .hasMessageContaining("needs a log file");
        assertThatThrownBy(() -> ChildProcess.watchedJava(ChildProcess.thisJava(), List.of(), List.of(), "Main",
                List.of()).logFile(tmp.resolve("w.log")).detached().start()).hasMessageContaining("cannot be detached");
        assertThatThrownBy(() -> ChildProcess.command("/no/such/program").logFile(tmp.resolve("n.log")).start())
                .isInstanceOf(java.io.UncheckedIOException.class).hasMessageStartingWith("Could not start program");
    }

    @Test
    void shouldTailOnlyTheLastLines() throws Exception {
        Path log = tmp.resolve("x.log");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            text.append("line ").append(i).append('\n');
        }
        Files.writeString(log, text);

        assertThat(LogFile.tail(log, 3).lines()).containsExactly("line 97", "line 98", "line 99");
        assertThat(LogFile.tail(tmp.resolve("missing"), 3)).contains("no log file");
    }
}
