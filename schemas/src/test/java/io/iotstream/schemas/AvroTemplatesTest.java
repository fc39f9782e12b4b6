package io.iotstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The code generator reads its templates from src/main/avro-templates (for one static block in generated records:
 * see AvroClassTrust). Those are copies of avro-compiler's: outside the blocks marked {@code ## IoTStream begin} and
 * {@code ## IoTStream end}, each must equal the template of the avro-compiler on the classpath, the version the
 * build generates with, so that an Avro upgrade cannot leave stale templates behind unnoticed.
 */
class AvroTemplatesTest {

    private static final String COMPILER_TEMPLATES = "/org/apache/avro/compiler/specific/templates/java/classic/";

    @ParameterizedTest
    @ValueSource(strings = {"record.vm", "enum.vm"})
    void shouldEqualTheCompilersTemplateOutsideTheMarkedBlocks(String name) throws IOException {
        List<String> ours = withoutMarkedBlocks(Files.readAllLines(Path.of("src/main/avro-templates", name)));
        List<String> compilers;
        try (InputStream in = AvroTemplatesTest.class.getResourceAsStream(COMPILER_TEMPLATES + name)) {
            assertThat(in).as("avro-compiler's " + name).isNotNull();
            compilers = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        assertThat(ours).as("src/main/avro-templates/%s outside its IoTStream blocks: refresh it from "
                + "avro-compiler's %s%s", name, COMPILER_TEMPLATES, name).isEqualTo(compilers);
    }

    private static List<String> withoutMarkedBlocks(List<String> lines) {
        List<String> kept = new ArrayList<>();
        boolean inBlock = false;
        for (String line : lines) {
            if (line.trim().equals("## IoTStream begin")) {
                inBlock = true;
            } else if (line.trim().equals("## IoTStream end")) {
                inBlock = false;
            } else if (!inBlock) {
                kept.add(line);
            }
        }
        assertThat(inBlock).as("every IoTStream block ends").isFalse();
        return kept;
    }
}
