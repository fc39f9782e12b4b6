package io.iotstream.stack.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs every plain {@code sh} block of README.md as written (see {@link ReadmeBlocks} for the convention), each as
 * one bash script from the repository root, through the real {@code ./iotstream}. The demo block is
 * {@code DemoIT}'s.
 */
class ReadmeIT {

    private static final Path ROOT = ReadmeShell.ROOT;

    @Test
    void shouldRunEveryPlainShellBlockOfTheReadme() throws Exception {
        List<ReadmeBlocks.Block> blocks = ReadmeBlocks.read(ROOT.resolve("README.md"));
        List<ReadmeBlocks.Block> plain = blocks.stream().filter(ReadmeBlocks.Block::isPlain).toList();
        assertThat(plain).as("plain sh blocks in README.md").hasSizeGreaterThanOrEqualTo(5);
        Path home = Files.createTempDirectory(ROOT.resolve("local-stack/target"), "readme-it-");
        ReadmeShell.assumeBuilt();
        long start = System.currentTimeMillis();
        try {
            for (ReadmeBlocks.Block block : plain) {
                ReadmeShell.Run run = ReadmeShell.run(block.script(), home);
                System.out.printf("README.md line %d: exit %d in %d ms%n", block.line(), run.exitCode(),
                        run.millis());
                ReadmeShell.assertNoBuild("README.md block at line " + block.line(), run.output(), start);
                assertThat(run.exitCode()).as("README.md block at line %d:%n%s%noutput:%n%s", block.line(),
                        block.script(), run.output()).isZero();
            }
        } finally {
            // A block that failed half-way must not leave the stack it started running after the test.
            ReadmeShell.run("./iotstream stack down", home);
        }
    }

    @Test
    void shouldGiveTheTestCommandThatCiRuns() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        String ci = Files.readString(ROOT.resolve(".ci/run"), StandardCharsets.UTF_8);
        assertThat(readme).contains("```text\nmvn -B -ntp verify\n```");
        assertThat(ci.strip()).endsWith("mvn -B -ntp verify");
    }

    @Test
    void shouldShowEveryLauncherCommandsHelp() throws IOException {
        String plainScripts = String.join("\n", ReadmeBlocks.read(ROOT.resolve("README.md")).stream()
                .filter(ReadmeBlocks.Block::isPlain).map(ReadmeBlocks.Block::script).toList());
        for (String command : List.of("stack", "alerts", "demo", "gen", "train", "model", "simulate", "bridge",
                "topics", "score")) {
            assertThat(plainScripts).as("README runs ./iotstream %s --help", command)
                    .contains("./iotstream " + command + " --help");
        }
    }
}
