package io.iotstream.cli.settings;

import io.iotstream.schemas.kafka.KafkaClientProperties;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Refuses secrets on the command line, where {@code ps}, shell history and CI logs show them: a Kafka client
 * password, JAAS configuration or token given with {@code -X}, and user info in any URL
 * ({@code http://user:pass@registry}). The error names the file or variable to use instead.
 */
public final class ArgvSecrets {

    private static final Pattern SECRET_KEY =
            Pattern.compile(".*(password|secret|jaas|token|user\\.info|credentials|key\\.pem|keystore\\.key).*");
    private static final Pattern URL_WITH_USER_INFO = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*://[^/@\\s]+@.*");

    private ArgvSecrets() {
    }

    /** The reason {@code args} may not be used, or empty. */
    public static Optional<String> problem(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String keyValue = null;
            if ((arg.equals("-X") || arg.equals("--kafka-property")) && i + 1 < args.size()) {
                keyValue = args.get(i + 1);
            } else if (arg.startsWith("--kafka-property=")) {
                keyValue = arg.substring("--kafka-property=".length());
            } else if (arg.startsWith("-X") && arg.length() > 2) {
                keyValue = arg.substring(2).replaceFirst("^=", "");
            }
            if (keyValue != null) {
                int eq = keyValue.indexOf('=');
                String key = (eq < 0 ? keyValue : keyValue.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
                if (SECRET_KEY.matcher(key).matches()) {
                    return Optional.of(key + " is a secret and must not be given on the command line (ps, shell "
                            + "history and CI logs show it): put it in the Kafka client properties file "
                            + "(--kafka-config) or in the environment variable " + KafkaClientProperties.envName(key));
                }
            }
            String value = arg.startsWith("--") && arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : arg;
            if (URL_WITH_USER_INFO.matcher(value).matches()) {
                String flag = i > 0 && args.get(i - 1).startsWith("--") ? args.get(i - 1)
                        : arg.startsWith("--") ? arg.substring(0, arg.indexOf('=')) : "an argument";
                return Optional.of(flag + " holds credentials in its URL (user info before '@'), which would show "
                        + "in ps, shell history and CI logs: give the URL without them"
                        + (flag.startsWith("--") ? " (or the whole URL in " + SettingNames.envName(flag) + ")" : "")
                        + ", and a registry's credentials as basic.auth.user.info in the Kafka client properties "
                        + "file (--kafka-config) or " + KafkaClientProperties.envName("basic.auth.user.info"));
            }
        }
        return Optional.empty();
    }
}
