package io.iotstream.model.store;

import java.util.regex.Pattern;

/**
 * The rule for model names and versions, which become path segments and object keys in a store: 1 to 128
 * characters out of letters, digits, {@code .}, {@code _} and {@code -}, starting with a letter or digit, and no
 * {@code ..}. So no {@code /}, no whitespace, nothing that could escape the model's folder.
 */
public final class ModelNames {

    private static final int MAX_LENGTH = 128;
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final String RULE = "use 1-" + MAX_LENGTH
            + " letters, digits, '.', '_' or '-', starting with a letter or digit (no '/', '..' or whitespace)";

    private ModelNames() {
    }

    /**
     * Returns {@code name} if it is a valid model name.
     *
     * @throws IllegalArgumentException naming the value and the rule, if it is not
     */
    public static String requireValidName(String name) {
        return requireValid("model name", name);
    }

    /**
     * Returns {@code version} if it is a valid model version.
     *
     * @throws IllegalArgumentException naming the value and the rule, if it is not
     */
    public static String requireValidVersion(String version) {
        return requireValid("model version", version);
    }

    /** Whether {@code value} follows the rule for names and versions. */
    public static boolean isValid(String value) {
        return value != null
                && !value.isEmpty()
                && value.length() <= MAX_LENGTH
                && ALLOWED.matcher(value).matches()
                && !value.contains("..");
    }

    private static String requireValid(String what, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(what + " is missing: " + RULE);
        }
        if (!isValid(value)) {
            throw new IllegalArgumentException(what + " '" + printable(value) + "' is not allowed: " + RULE);
        }
        return value;
    }

    private static String printable(String value) {
        StringBuilder out = new StringBuilder();
        value.codePoints().limit(MAX_LENGTH + 2L).forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format(java.util.Locale.ROOT, "\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return value.length() > MAX_LENGTH + 2 ? out + "..." : out.toString();
    }
}
