package io.iotstream.scoring.model;

import io.iotstream.model.store.ModelNames;
import java.util.Objects;
import java.util.Optional;

/**
 * Which model the scorer serves: a model in a store, either its live version (followed as it changes) or one
 * exact version (pinned, never swapped). Parsed from {@code model.uri}, which uses the store's own layout:
 *
 * <pre>
 * s3://bucket/prefix/&lt;name&gt;                     the live version of &lt;name&gt;
 * s3://bucket/prefix/&lt;name&gt;/versions/&lt;version&gt;  exactly that version
 * file:///srv/models/&lt;name&gt;, /srv/models/&lt;name&gt;  the same on a folder
 * </pre>
 *
 * @param store the store location, e.g. {@code s3://bucket/prefix}
 * @param name the model name
 * @param version the pinned version, or null to follow the live pointer
 */
public record ModelRef(String store, String name, String version) {

    private static final String VERSIONS = "/versions/";

    public ModelRef {
        Objects.requireNonNull(store, "store");
        ModelNames.requireValidName(name);
        if (version != null) {
            ModelNames.requireValidVersion(version);
        }
    }

    /**
     * Parses a model URI.
     *
     * @throws IllegalArgumentException saying which form is expected, if {@code uri} names no store and model
     */
    public static ModelRef parse(String uri) {
        Objects.requireNonNull(uri, "uri");
        String s = uri.trim();
        while (s.endsWith("/") && s.length() > 1) {
            s = s.substring(0, s.length() - 1);
        }
        String version = null;
        int v = s.lastIndexOf(VERSIONS);
        if (v >= 0) {
            version = s.substring(v + VERSIONS.length());
            s = s.substring(0, v);
        }
        int slash = s.lastIndexOf('/');
        if (slash <= 0 || slash == s.length() - 1) {
            throw new IllegalArgumentException(forms(uri));
        }
        String store = s.substring(0, slash);
        String name = s.substring(slash + 1);
        while (store.endsWith("/") && !store.matches("[A-Za-z][A-Za-z0-9+.-]*:/*")) {
            store = store.substring(0, store.length() - 1);
        }
        if (store.endsWith(":") || store.endsWith(":/") || store.equals("s3://") || store.matches("[A-Za-z0-9+.-]+:/*")) {
            throw new IllegalArgumentException(forms(uri));
        }
        if (!ModelNames.isValid(name) || (version != null && !ModelNames.isValid(version))) {
            throw new IllegalArgumentException("'" + uri + "' has an invalid model name or version: names and "
                    + "versions are 1-128 characters from A-Z a-z 0-9 . _ - starting with a letter or digit. "
                    + forms(uri));
        }
        return new ModelRef(store, name, version);
    }

    /** The pinned version, if the URI named one. */
    public Optional<String> pinnedVersion() {
        return Optional.ofNullable(version);
    }

    public boolean pinned() {
        return version != null;
    }

    @Override
    public String toString() {
        return store + "/" + name + (version == null ? "" : VERSIONS + version);
    }

    private static String forms(String uri) {
        return "model URI '" + uri + "' does not name a store and a model: use <store>/<name> for the live version "
                + "or <store>/<name>/versions/<version> for one version, e.g. s3://models/prod/sensor-failure or "
                + "file:///srv/models/sensor-failure";
    }
}
