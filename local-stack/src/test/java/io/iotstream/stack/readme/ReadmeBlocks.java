package io.iotstream.stack.readme;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shell blocks of README.md and how the README tests treat them. The convention (README.md, "Every command
 * here works"):
 *
 * <ul>
 *   <li>a {@code ```sh} block is run as written, as one bash script from the repository root, and must exit 0;
 *   <li>a {@code ```sh} block right after {@code <!-- readme-test: skip: <why> -->} is illustrative only (it needs a
 *       cluster, the original benchmark's Python script, ...); the reason is required;
 *   <li>a {@code ```sh} block right after {@code <!-- readme-test: <TestClass> -->} is run by that test, which also
 *       checks what it did (the demo: {@code DemoIT});
 *   <li>blocks in any other language ({@code text}, {@code properties}, {@code json}, {@code mermaid}) are output,
 *       configuration or pictures, never run.
 * </ul>
 */
public final class ReadmeBlocks {

    private static final Pattern MARKER = Pattern.compile("<!--\\s*readme-test:\\s*(.*?)\\s*-->");

    /**
     * A shell block.
     *
     * @param line the line of its opening fence, from 1
     * @param marker the text of the readme-test marker right before it, or null
     * @param script the block's text
     */
    public record Block(int line, String marker, String script) {

        public boolean isSkipped() {
            return marker != null && marker.startsWith("skip");
        }

        public boolean isRunBy(String testClass) {
            return testClass.equals(marker);
        }

        /** Runnable by the generic README test: not skipped, not another test's. */
        public boolean isPlain() {
            return marker == null;
        }

        /** The commands, one per element: continuation lines joined, blank lines and comment lines left out. */
        public List<String> commands() {
            List<String> commands = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            for (String l : script.split("\n", -1)) {
                if (current.length() == 0 && (l.isBlank() || l.strip().startsWith("#"))) {
                    continue;
                }
                if (l.endsWith("\\")) {
                    current.append(l, 0, l.length() - 1).append(' ');
                } else {
                    current.append(l);
                    commands.add(current.toString().strip());
                    current.setLength(0);
                }
            }
            if (current.length() > 0) {
                commands.add(current.toString().strip());
            }
            return commands;
        }
    }

    private ReadmeBlocks() {
    }

    public static List<Block> read(Path readme) throws IOException {
        return parse(Files.readString(readme, StandardCharsets.UTF_8));
    }

    /** Every {@code ```sh} block, with the marker of the line before its fence (blank lines between allowed). */
    public static List<Block> parse(String markdown) {
        String[] lines = markdown.split("\n", -1);
        List<Block> blocks = new ArrayList<>();
        String marker = null;
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].strip();
            Matcher m = MARKER.matcher(l);
            if (m.matches()) {
                marker = m.group(1);
                continue;
            }
            if (l.startsWith("```")) {
                String language = l.substring(3).strip();
                int start = i;
                StringBuilder body = new StringBuilder();
                for (i++; i < lines.length && !lines[i].strip().equals("```"); i++) {
                    body.append(lines[i]).append('\n');
                }
                if (language.equals("sh")) {
                    blocks.add(new Block(start + 1, marker, body.toString()));
                }
                marker = null;
                continue;
            }
            if (!l.isEmpty()) {
                marker = null;
            }
        }
        return blocks;
    }
}
