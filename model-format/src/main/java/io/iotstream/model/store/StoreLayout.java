package io.iotstream.model.store;

import io.iotstream.model.sign.ModelSignature;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Keys of the store layout, relative to the store root. See {@link ModelStore} and docs/model-store.md. */
final class StoreLayout {

    static final String MODEL_JSON = "model.json";
    static final String MODEL_PMML = "model.pmml";
    static final String MODEL_SIG = ModelSignature.FILE_NAME;
    static final String POINTER = "live.json";
    static final String VERSIONS = "versions";
    static final String AUDIT = "audit";

    /** Audit record names start with the decision's time, so that they sort oldest first. */
    private static final DateTimeFormatter AUDIT_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private StoreLayout() {
    }

    static String versionsPrefix(String name) {
        return name + "/" + VERSIONS + "/";
    }

    static String versionDir(String name, String version) {
        return versionsPrefix(name) + version;
    }

    static String modelJson(String name, String version) {
        return versionDir(name, version) + "/" + MODEL_JSON;
    }

    static String modelPmml(String name, String version) {
        return versionDir(name, version) + "/" + MODEL_PMML;
    }

    static String modelSig(String name, String version) {
        return versionDir(name, version) + "/" + MODEL_SIG;
    }

    static String pointer(String name) {
        return name + "/" + POINTER;
    }

    static String auditPrefix(String name) {
        return name + "/" + AUDIT + "/";
    }

    /**
     * {@code <name>/audit/<yyyyMMdd'T'HHmmss.SSS'Z'>-<version>.json}; attempts after the first add {@code -<attempt>}
     * before {@code .json}, for a second record of the same version in the same millisecond.
     */
    static String auditRecord(String name, Instant at, String version, int attempt) {
        return auditPrefix(name) + AUDIT_TIME.format(at) + "-" + version + (attempt == 0 ? "" : "-" + attempt)
                + ".json";
    }
}
