package io.iotstream.model.store;

import io.iotstream.model.ModelArtifact;
import io.iotstream.model.audit.AuditRecord;
import io.iotstream.model.sign.ModelSignature;
import java.util.List;
import java.util.Optional;

/**
 * A place where model versions are published, made live and fetched: a folder ({@code file:///models}) or an
 * S3 bucket prefix ({@code s3://bucket/models}). Open one with {@link ModelStores#open}.
 *
 * <p>Layout (the same on every backend; keys are relative to the store's folder or prefix):
 * <pre>
 * &lt;name&gt;/versions/&lt;version&gt;/model.pmml   written first
 * &lt;name&gt;/versions/&lt;version&gt;/model.sig    the Ed25519 signature, if the version was published signed
 * &lt;name&gt;/versions/&lt;version&gt;/model.json   written last: its presence marks a complete version
 * &lt;name&gt;/live.json                        the live pointer ({@link LivePointer}), replaced atomically
 * &lt;name&gt;/audit/&lt;time&gt;-&lt;version&gt;.json     one promotion decision ({@link AuditRecord}), never replaced
 * </pre>
 *
 * <p>Contract:
 * <ul>
 *   <li>Versions are immutable. {@link #publish} never overwrites: if the version exists, or another publisher
 *       is writing it at the same moment, it throws {@link VersionExistsException}, and exactly one of several
 *       racing publishers wins.</li>
 *   <li>Every artifact returned ({@link #fetch}, {@link #fetchLive}) has been verified: {@code model.json}
 *       parses, its checksum holds, and its name and version are the ones it is stored under; and, when the
 *       store was opened with trusted keys ({@link StoreOptions#withTrustedKeys}), it is signed by one of them;
 *       otherwise {@link ModelVerificationException}.</li>
 *   <li>{@link #promote} and {@link #rollback} replace the live pointer as a whole (compare-and-swap on its
 *       previous state); a reader sees the old pointer or the new one, never a mix.</li>
 *   <li>Names and versions follow {@link ModelNames}; others are refused with {@link IllegalArgumentException}
 *       before any I/O.</li>
 *   <li>Failures are {@link ModelStoreException}s (unchecked) whose messages name the location and the fix, and
 *       never contain credentials.</li>
 * </ul>
 *
 * <p>Implementations are thread-safe. Close the store to release its connections.
 */
public interface ModelStore extends AutoCloseable {

    /** The store's location, e.g. {@code s3://bucket/prefix} or {@code file:///srv/models}. */
    String location();

    /**
     * Publishes a version: writes {@code model.pmml}, then {@code model.json}. The artifact is verified first
     * (written and read back through {@code ModelJson}). Does not make the version live.
     *
     * @throws VersionExistsException if the version exists or is being published by someone else
     * @throws ModelVerificationException if the artifact is not valid
     */
    PublishedVersion publish(ModelArtifact artifact);

    /**
     * Publishes a signed version: as {@link #publish(ModelArtifact)}, with {@code model.sig} written before
     * {@code model.json}, so a version is complete with its signature or not at all.
     *
     * @param signature the artifact's signature ({@link io.iotstream.model.sign.ModelSigner#sign}), or null
     * @throws IllegalArgumentException if the signature is not one of this artifact
     */
    PublishedVersion publish(ModelArtifact artifact, ModelSignature signature);

    /**
     * The signature stored with a complete version, if it was published signed.
     *
     * @throws ModelNotFoundException if there is no such (complete) version
     * @throws ModelVerificationException if the signature file is damaged
     */
    Optional<ModelSignature> fetchSignature(String name, String version);

    /**
     * Fetches and verifies a version.
     *
     * @throws ModelNotFoundException if there is no such (complete) version
     * @throws ModelVerificationException if the stored model fails verification
     */
    ModelArtifact fetch(String name, String version);

    /**
     * The PMML document stored with a complete version, as written. (The PMML carries no checksum of its own;
     * verify the version with {@link #fetch} if it matters.)
     *
     * @throws ModelNotFoundException if there is no such (complete) version
     */
    byte[] fetchPmml(String name, String version);

    /** The live pointer of a model, if one has been promoted. */
    Optional<LivePointer> live(String name);

    /**
     * Fetches the live model unless it is unchanged since {@code knownTag}. When unchanged this costs one small
     * conditional read of the pointer (an S3 {@code If-None-Match} GET answered {@code 304}, or reading
     * {@code live.json} from disk) and downloads no model, so scorers can poll it every second.
     *
     * @param name the model name
     * @param knownTag the tag from the previous answer, or null to fetch unconditionally
     * @throws ModelNotFoundException if the model has no live version
     * @throws ModelVerificationException if the live version fails verification or its checksum is not the one
     *     the pointer names
     */
    LiveFetch fetchLive(String name, String knownTag);

    /**
     * Makes a version live. The version must exist and verify. The previous live version goes to the front of
     * the pointer's history. Promoting the version that is already live changes nothing and returns the pointer.
     *
     * @param promotedBy who promotes (recorded in the pointer)
     * @throws ModelNotFoundException if the version does not exist
     * @throws ModelVerificationException if it fails verification
     * @throws ConcurrentUpdateException if the pointer kept changing under us
     */
    LivePointer promote(String name, String version, String promotedBy);

    /**
     * Makes the previous live version live again and drops it from the history (so a second rollback goes one
     * further back). The target is verified first.
     *
     * @throws ModelNotFoundException if there is no live version or nothing before it
     * @throws ConcurrentUpdateException if the pointer kept changing under us
     */
    LivePointer rollback(String name, String rolledBackBy);

    /**
     * The complete versions of a model with their metrics, which one is live, and any verification problem,
     * sorted by version (numeric parts compared as numbers). Empty if the model has none.
     */
    List<VersionSummary> list(String name);

    /**
     * Appends a decision to the audit trail of {@code record.name()}: a new object
     * {@code <name>/audit/<yyyyMMdd'T'HHmmss.SSS'Z'>-<version>.json} ({@link io.iotstream.model.audit.AuditJson}),
     * visible whole or not at all. An existing record is never replaced: if the name is taken (a second decision
     * on the same version in the same millisecond), {@code -1}, {@code -2}... is added before {@code .json}. The
     * trail is no part of the versions or the pointer: no other operation reads it.
     *
     * @return where the record was written, e.g. {@code s3://bucket/prefix/<name>/audit/<file>}
     * @throws IllegalArgumentException if the record's name or version is not valid
     * @throws ModelStoreException if it cannot be written, or ten records of the version took the same millisecond
     */
    String appendAudit(AuditRecord record);

    /**
     * The audit trail of a model, oldest first; empty if it has none. Files in the audit folder that are not
     * records ({@code .}-files, anything not ending in {@code .json}) are skipped.
     *
     * @throws ModelVerificationException if a record is damaged or of an unknown {@code auditFormat}
     */
    List<AuditRecord> audit(String name);

    /** The names of the models in the store, sorted. */
    List<String> names();

    /** Releases connections; does not throw. */
    @Override
    void close();
}
