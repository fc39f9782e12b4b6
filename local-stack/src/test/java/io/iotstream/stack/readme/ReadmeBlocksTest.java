package io.iotstream.stack.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadmeBlocksTest {

    @Test
    void shouldFindShellBlocksWithTheirMarkers() {
        String md = String.join("\n",
                "# T",
                "```sh",
                "./iotstream --help",
                "```",
                "<!-- readme-test: skip: needs a Spark cluster -->",
                "",
                "```sh",
                "spark-submit --master spark://x \\",
                "  --class Foo bar.jar",
                "```",
                "<!-- readme-test: DemoIT -->",
                "```sh",
                "# the demo, small",
                "./iotstream demo --rows 100",
                "",
                "./iotstream stack down",
                "```",
                "<!-- readme-test: skip: not for this block -->",
                "Some text.",
                "```sh",
                "echo plain",
                "```",
                "```text",
                "not a command",
                "```");

        List<ReadmeBlocks.Block> blocks = ReadmeBlocks.parse(md);

        assertThat(blocks).hasSize(4);
        assertThat(blocks.get(0).isPlain()).isTrue();
        assertThat(blocks.get(0).line()).isEqualTo(2);
        assertThat(blocks.get(1).isSkipped()).isTrue();
        assertThat(blocks.get(1).commands()).containsExactly("spark-submit --master spark://x    --class Foo bar.jar");
        assertThat(blocks.get(2).isRunBy("DemoIT")).isTrue();
        assertThat(blocks.get(2).commands()).containsExactly("./iotstream demo --rows 100", "./iotstream stack down");
        assertThat(blocks.get(3).isPlain()).as("a marker applies only to the block right after it").isTrue();
    }

    @Test
    void shouldGiveEverySkippedBlockOfTheReadmeAReason() throws IOException {
        List<ReadmeBlocks.Block> blocks = ReadmeBlocks.read(readme());

        assertThat(blocks).filteredOn(ReadmeBlocks.Block::isSkipped)
                .allSatisfy(b -> assertThat(b.marker()).as("README.md line %d", b.line()).matches("skip: \\S.*"));
        assertThat(blocks).filteredOn(b -> b.marker() != null && !b.isSkipped())
                .allSatisfy(b -> assertThat(b.marker()).as("README.md line %d", b.line()).isEqualTo("DemoIT"));
        assertThat(blocks).filteredOn(b -> b.isRunBy("DemoIT")).hasSize(1);
    }

    static Path readme() {
        return Paths.get("").toAbsolutePath().getParent().resolve("README.md");
    }
}
