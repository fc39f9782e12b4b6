package io.iotstream.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The repository's {@code ./iotstream} launcher, run with bash as a user runs it (no build needed for these). */
class LauncherScriptTest {

    private static final Path SCRIPT = Paths.get("..", "iotstream").toAbsolutePath().normalize();

    record Result(int exitCode, String out, String err) {
    }

    static Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("iotstream-out", ".txt");
        Path err = Files.createTempFile("iotstream-err", ".txt");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("./iotstream %s ends", command).isTrue();
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    @Test
    void shouldListEveryCommandWithHelp() throws Exception {
        Result r = run("--help");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("gen", "train", "simulate", "bridge", "topics", "score", "model", "stack", "alerts",
                "demo");
    }

    @Test
    void shouldExitTwoWithUsageOnUnknownCommand() throws Exception {
        Result r = run("frobnicate");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("unknown command 'frobnicate'", "Usage: ./iotstream");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void shouldExitTwoWithUsageWithoutCommand() throws Exception {
        Result r = run();

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Usage: ./iotstream");
    }

    @Test
    void shouldNameTheFixWhenJavaIsTooOld() throws Exception {
        Path fakeJava = Files.createTempFile("old-java", ".sh");
        try {
            Files.writeString(fakeJava, "#!/bin/sh\necho 'openjdk version \"11.0.2\" 2019-01-15' >&2\n");
            fakeJava.toFile().setExecutable(true);
            List<String> command = List.of("bash", SCRIPT.toString(), "model", "--help");
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().put("JAVA", fakeJava.toString());
            Process p = pb.start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

            assertThat(p.exitValue()).isEqualTo(2);
            assertThat(output).contains("Java 11.0.2 found", "needs Java 17 or newer");
        } finally {
            Files.deleteIfExists(fakeJava);
        }
    }

    /** A failing build shows Maven's output without its terminal codes, and the launcher's exit says so. */
    @Test
    void shouldShowAFailingBuildWithoutTerminalCodes() throws Exception {
        Path root = Files.createTempDirectory("iotstream-root");
        Path fakeMvn = root.resolve("mvn");
        Files.copy(SCRIPT, root.resolve("iotstream"));
        Files.createDirectories(root.resolve("tools").resolve("src").resolve("main"));
        Files.writeString(fakeMvn, "#!/bin/sh\nprintf '\\033[0m\\033[1m[ERROR] boom\\033[m\\n' >&2\nexit 1\n");
        fakeMvn.toFile().setExecutable(true);
        List<String> command = List.of("bash", root.resolve("iotstream").toString(), "model", "--help");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("MVN", fakeMvn.toString());
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isEqualTo(1);
        assertThat(output).contains("[ERROR] boom", "building tools failed").doesNotContain("\u001b");
    }
}
