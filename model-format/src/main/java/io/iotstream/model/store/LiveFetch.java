package io.iotstream.model.store;

import io.iotstream.model.ModelArtifact;
import java.util.Objects;

/**
 * The answer to {@link ModelStore#fetchLive(String, String)}: either the live model has not changed since the
 * caller's tag ({@link NotModified}: nothing was downloaded but the pointer check), or here is the live model,
 * verified, with the tag to pass next time ({@link Updated}).
 *
 * <p>A tag is opaque: the pointer's ETag on S3, a hash of the pointer on a file store. Keep the last one and pass
 * it back; pass {@code null} to fetch unconditionally.
 */
public sealed interface LiveFetch permits LiveFetch.NotModified, LiveFetch.Updated {

    /** The tag of the pointer now live; pass it to the next {@code fetchLive}. */
    String tag();

    /** The live pointer has the tag the caller passed: the caller's model is still live. */
    record NotModified(String tag) implements LiveFetch {
        public NotModified {
            Objects.requireNonNull(tag, "tag");
        }
    }

    /**
     * The live pointer changed (or no tag was passed): {@code artifact} is the live model, verified and checked
     * against the pointer's checksum.
     */
    record Updated(String tag, LivePointer pointer, ModelArtifact artifact) implements LiveFetch {
        public Updated {
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(pointer, "pointer");
            Objects.requireNonNull(artifact, "artifact");
        }
    }
}
