package io.iotstream.cli;

import java.util.Map;

/**
 * Who runs a command, for the records it leaves behind (who promoted a model, who rolled it back): the JVM's
 * {@code user.name}, else the {@code USER} environment variable, else {@code "unknown"}. Environment and
 * properties are passed in so tests can pin them.
 */
public final class CommandUser {

    private CommandUser() {
    }

    public static String of(Map<String, String> env, Map<?, ?> properties) {
        Object name = properties.get("user.name");
        if (name instanceof String s && !s.isBlank()) {
            return s;
        }
        String user = env.get("USER");
        return user == null || user.isBlank() ? "unknown" : user;
    }
}
