package io.iotstream.model.store;

import io.iotstream.model.sign.ModelSignature;

/** Keys of the store layout, relative to the store root. See {@link ModelStore} and docs/model-store.md. */
final class StoreLayout {

    static final String MODEL_JSON = "model.json";
    static final String MODEL_PMML = "model.pmml";
    static final String MODEL_SIG = ModelSignature.FILE_NAME;
    static final String POINTER = "live.json";
    static final String VERSIONS = "versions";

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
}
