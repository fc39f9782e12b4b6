package io.iotstream.model.store;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * One version's turn as the live version of a model: which version, the checksum it was verified with, when and
 * by whom it was made live, and how (a promote or a rollback).
 *
 * @param version the model version
 * @param checksum the artifact checksum the version had when it was made live
 * @param promotedAt when it was made live
 * @param promotedBy who made it live (a user or CI job name; free text)
 * @param action whether a promote or a rollback made it live
 */
public record LiveEntry(String version, String checksum, Instant promotedAt, String promotedBy, Action action) {

    /** How a version became live. */
    public enum Action {
        PROMOTE,
        ROLLBACK;

        /** The lower-case name used in {@code live.json}. */
        public String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Action fromJson(String value) {
            for (Action a : values()) {
                if (a.jsonName().equals(value)) {
                    return a;
                }
            }
            throw new IllegalArgumentException("unknown action '" + value + "' (expected promote or rollback)");
        }
    }

    public LiveEntry {
        ModelNames.requireValidVersion(version);
        Objects.requireNonNull(checksum, "checksum");
        Objects.requireNonNull(promotedAt, "promotedAt");
        Objects.requireNonNull(promotedBy, "promotedBy");
        Objects.requireNonNull(action, "action");
    }
}
