package io.iotstream.devservices.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.devservices.Await;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A {@link ChildProcess#watchedJava watched} JVM, as the broker and the registry run. */
class ChildMainWatchdogTest {

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
        ChildProcess child = ChildProcess.watchedJava(ChildProcess.thisJava(), List.of("-Xmx32m"),
                List.of(System.getProperty("java.class.path").split(File.pathSeparator)), Sleeper.class.getName(),
                List.of("a", "b")).name("sleeper").directory(tmp).logFile(tmp.resolve("logs/sleeper.log")).start();
        Await.until("sleeper logged its start", Duration.ofSeconds(20),
                () -> child.logTail(5).contains("sleeper a,b"));
        return child;
    }

    @Test
    void shouldHaltChildWhenParentGoesAway() throws Exception {
        ChildProcess child = startSleeper();
        assertThat(child.isAlive()).isTrue();
        assertThat(child.logText()).startsWith("[dev-services] " + ChildProcess.thisJava() + " -Xmx32m -cp ");

        child.closeStdin();

        Await.until("sleeper halted", Duration.ofSeconds(10), () -> !child.isAlive());
        assertThat(child.exitCode()).isEqualTo(ChildMain.PARENT_GONE);
        assertThat(child.logTail(5)).contains("parent JVM is gone");
    }

    @Test
    void shouldDescribeFailureWithLogTail() {
        ChildProcess child = startSleeper();
        child.kill();

        assertThat(child.isAlive()).isFalse();
        assertThat(child.describeFailure("It broke"))
                .startsWith("It broke (sleeper, pid " + child.pid() + ", exited with")
                .contains("sleeper a,b")
                .contains(child.logFile().toString());
    }
}
