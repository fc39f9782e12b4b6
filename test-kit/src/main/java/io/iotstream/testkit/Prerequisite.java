package io.iotstream.testkit;

import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * Something a test needs that this project cannot start itself (a tool on the PATH, jars fresher than their
 * sources). On a developer's machine a missing one skips the test, saying what to install; where the environment
 * variable named by the prerequisite is {@code true} (CI sets it, see {@code .ci/run}) it fails the test, so a
 * missing tool can never pass CI as a skip.
 *
 * @param requiredBy the environment variable that turns the skip into a failure
 */
public record Prerequisite(String requiredBy) {

    /** Kustomize (or kubectl) for rendering the k8s overlays. */
    public static final Prerequisite KUSTOMIZE = new Prerequisite("IOTSTREAM_REQUIRE_KUSTOMIZE");
    /** Every module's jar built from its current sources, for tests that run the launcher. */
    public static final Prerequisite FRESH_JARS = new Prerequisite("IOTSTREAM_REQUIRE_FRESH_JARS");

    /** Whether a missing prerequisite fails (rather than skips) here. */
    public boolean required() {
        return required(System.getenv());
    }

    boolean required(Map<String, String> env) {
        String value = env.get(requiredBy);
        return value != null && Boolean.parseBoolean(value.strip());
    }

    /**
     * Returns when {@code met}; otherwise fails the calling test where required and skips it elsewhere, with
     * {@code why} (which should say how to meet it) as the message.
     */
    public void check(boolean met, String why) {
        check(met, why, System.getenv());
    }

    void check(boolean met, String why, Map<String, String> env) {
        if (met) {
            return;
        }
        if (required(env)) {
            throw new AssertionError(why + " (" + requiredBy + "=true: a failure, not a skip)");
        }
        Assumptions.assumeTrue(false, "SKIPPED, NOT CHECKED: " + why);
    }
}
