package io.iotstream.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Looks for credentials written into files: private keys, AWS access key ids, and values given to names that hold
 * secrets ({@code password}, {@code secret}, {@code token}, {@code sasl.jaas.config}...). A value counts as a
 * placeholder, not a secret, when it is empty, a reference ({@code $(X)}, {@code ${X}}, {@code ${{ secrets.X }}},
 * {@code <...>}), or a file path.
 */
final class SecretScan {

    static final Pattern SENSITIVE_NAME = Pattern.compile(
            "(?i)(password|passwd|secret(?!KeyRef|Name|Ref)|token|access[_.-]?key|jaas|private[_.-]?key|credential)");

    private static final Pattern PRIVATE_KEY = Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----");
    private static final Pattern AWS_KEY_ID = Pattern.compile("\\b(AKIA|ASIA)[0-9A-Z]{16}\\b");
    /** name: value, name=value, or a YAML env entry's value on the line after its name. */
    private static final Pattern ASSIGNMENT = Pattern.compile("^\\s*-?\\s*\"?([A-Za-z0-9_.-]+)\"?\\s*[:=]\\s*(.+)$");

    private SecretScan() {
    }

    /** Findings as "file:line: what", for every file under the given files or folders. */
    static List<String> scan(List<Path> roots) {
        List<String> findings = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.exists(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    scanFile(f, findings);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return findings;
    }

    private static void scanFile(Path file, List<String> findings) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        String pendingName = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String where = file + ":" + (i + 1) + ": ";
            if (PRIVATE_KEY.matcher(line).find()) {
                findings.add(where + "a private key");
            }
            if (AWS_KEY_ID.matcher(line).find()) {
                findings.add(where + "an AWS access key id");
            }
            Matcher m = ASSIGNMENT.matcher(line);
            if (!m.matches()) {
                continue;
            }
            String key = m.group(1);
            String value = unquote(m.group(2).strip());
            if (key.equals("name")) {
                pendingName = value;
                continue;
            }
            String name = key.equals("value") && pendingName != null ? pendingName : key;
            if (!key.equals("value")) {
                pendingName = null;
            }
            if (SENSITIVE_NAME.matcher(name).find() && !isPlaceholder(value)) {
                findings.add(where + name + " has a literal value: take it from a Secret");
            }
        }
    }

    private static String unquote(String v) {
        int hash = v.indexOf(" #");
        if (hash >= 0) {
            v = v.substring(0, hash).strip();
        }
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            v = v.substring(1, v.length() - 1);
        }
        return v;
    }

    private static boolean isPlaceholder(String v) {
        String s = v.toLowerCase(Locale.ROOT);
        return s.isEmpty() || s.equals("|") || s.equals(">") || s.equals("true") || s.equals("false")
                || s.startsWith("$(") || s.startsWith("${") || s.startsWith("<") || s.startsWith("/")
                || s.startsWith("./") || s.startsWith("iotstream-") || s.contains("secrets.") || s.endsWith(".key")
                || s.endsWith(".pem") || s.endsWith(".properties") || s.matches("[a-z0-9_]+") && s.length() < 24;
    }
}
