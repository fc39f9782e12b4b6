package io.iotstream.devservices.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.devservices.Await;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessTest {

    @TempDir
    Path tmp;

    /** Stands in for a broker: runs until killed. */
    public static final class Sleeper {
        public static void main(String[] args) throws InterruptedException {
            System.out.println("sleeper " + String.join(",", args));
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    private ChildProcess startSleeper() {
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        return ChildProcess.startJava("sleeper", java, List.of("-Xmx32m"),
                List.of(System.getProperty("java.class.path").split(File.pathSeparator)), Sleeper.class.getName(),
                List.of("a", "b"), tmp, tmp.resolve("logs/sleeper.log"));
    }

    @Test
    void shouldHaltChildWhenParentGoesAway() throws Exception {
        ChildProcess child = startSleeper();
        Await.until("sleeper logged its start", Duration.ofSeconds(20),
                () -> child.logTail(5).contains("sleeper a,b"));
        assertThat(child.isAlive()).isTrue();

        child.closeStdin();

        Await.until("sleeper halted", Duration.ofSeconds(10), () -> !child.isAlive());
        assertThat(child.exitCodeOrMinusOne()).isEqualTo(ChildMain.PARENT_GONE);
        assertThat(child.logTail(5)).contains("parent JVM is gone");
    }

    @Test
    void shouldDescribeFailureWithLogTail() {
        ChildProcess child = startSleeper();
        Await.until("sleeper logged its start", Duration.ofSeconds(20),
                () -> child.logTail(5).contains("sleeper a,b"));
        child.kill();

        assertThat(child.isAlive()).isFalse();
        assertThat(child.describeFailure("It broke"))
                .startsWith("It broke (sleeper, pid " + child.pid() + ", exited with")
                .contains("sleeper a,b")
                .contains(child.logFile().toString());
    }

    @Test
    void shouldTailOnlyTheLastLines() throws Exception {
        Path log = tmp.resolve("x.log");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            text.append("line ").append(i).append('\n');
        }
        Files.writeString(log, text);

        assertThat(ChildProcess.tail(log, 3).lines()).containsExactly("line 97", "line 98", "line 99");
        assertThat(ChildProcess.tail(tmp.resolve("missing"), 3)).contains("no log file");
    }
}
