package io.iotstream.model;

import io.iotstream.model.json.ModelJson;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the sample in docs/model-format.md true: it is generated from {@link TestModels#sample()}, kept as the test
 * resource {@code sample-artifact.json}, and must parse and verify. After a deliberate change to the sample or the
 * format, regenerate both with {@code mvn -pl model-format test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.iotstream.model.DocSampleTest} and review the diff.
 */
public class DocSampleTest {

    static final String RESOURCE = "sample-artifact.json";
    static final String SAMPLE_BEGIN = "<!-- sample-artifact:begin -->\n```json\n";
    static final String SAMPLE_END = "```\n<!-- sample-artifact:end -->";
    static final String CANONICAL_BEGIN = "<!-- canonical-content:begin -->\n```text\n";
    static final String CANONICAL_END = "\n```\n<!-- canonical-content:end -->";

    @Test
    void shouldKeepTheSampleResourceGeneratedFromCode() throws Exception {
        assertThat(resource()).as("%s is stale: regenerate it (see DocSampleTest javadoc)", RESOURCE)
                .isEqualTo(new String(ModelJson.write(TestModels.sample()), StandardCharsets.UTF_8));
    }

    @Test
    void shouldParseAndVerifyTheSampleInTheDoc() throws Exception {
        String doc = Files.readString(docPath());
        String sample = between(doc, SAMPLE_BEGIN, SAMPLE_END);
        assertThat(sample).as("sample in docs/model-format.md").isEqualTo(resource());

        ModelArtifact parsed = ModelJson.read(sample.getBytes(StandardCharsets.UTF_8));
        assertThat(parsed).isEqualTo(TestModels.sample());
        assertThat(ModelJson.checksum(parsed)).isEqualTo(parsed.checksum());
        assertThat(doc).contains(parsed.checksum());
    }

    @Test
    void shouldShowTheSamplesCanonicalContentInTheDoc() throws Exception {
        String doc = Files.readString(docPath());
        assertThat(between(doc, CANONICAL_BEGIN, CANONICAL_END))
                .isEqualTo(new String(TestModels.sample().canonicalContent(), StandardCharsets.UTF_8));
    }

    /** Regenerates the resource and the two blocks of the doc from {@link TestModels#sample()}. */
    public static void main(String[] args) throws IOException {
        Path module = docPath().getParent().getParent().resolve("model-format");
        ModelArtifact sample = TestModels.sample();
        String json = new String(ModelJson.write(sample), StandardCharsets.UTF_8);
        Files.writeString(module.resolve("src/test/resources/io/iotstream/model/" + RESOURCE), json);
        String doc = Files.readString(docPath());
        doc = replaceBetween(doc, SAMPLE_BEGIN, SAMPLE_END, json);
        doc = replaceBetween(doc, CANONICAL_BEGIN, CANONICAL_END,
                new String(sample.canonicalContent(), StandardCharsets.UTF_8));
        Files.writeString(docPath(), doc);
        System.out.println("regenerated sample, checksum " + sample.checksum());
    }

    private static String resource() throws IOException {
        try (InputStream in = DocSampleTest.class.getResourceAsStream(RESOURCE)) {
            assertThat(in).as("test resource %s", RESOURCE).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String between(String text, String begin, String end) {
        int b = text.indexOf(begin);
        assertThat(b).as("marker %s", begin.lines().findFirst().orElse(begin)).isNotNegative();
        int e = text.indexOf(end, b + begin.length());
        assertThat(e).as("marker %s", end.strip()).isNotNegative();
        return text.substring(b + begin.length(), e);
    }

    private static String replaceBetween(String text, String begin, String end, String content) {
        int b = text.indexOf(begin);
        int e = text.indexOf(end, b + begin.length());
        if (b < 0 || e < 0) {
            throw new IllegalStateException("markers " + begin.strip() + " ... " + end.strip() + " not found");
        }
        return text.substring(0, b + begin.length()) + content + text.substring(e);
    }

    /** docs/ of the repository, found upwards from the working directory (the module when run by Maven). */
    static Path docPath() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("docs/model-format.md");
            if (Files.exists(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("docs/model-format.md not found above " + Path.of("").toAbsolutePath());
    }
}
