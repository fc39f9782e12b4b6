package io.iotstream.model.store;

import io.iotstream.model.InvalidModelException;
import io.iotstream.model.ModelArtifact;
import io.iotstream.model.audit.AuditJson;
import io.iotstream.model.audit.AuditRecord;
import io.iotstream.model.json.ModelJson;
import io.iotstream.model.pmml.ModelPmml;
import io.iotstream.model.sign.ModelSignature;
import io.iotstream.model.sign.SignatureException;
import io.iotstream.model.sign.TrustedKeys;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What every store does the same way: validation, verification, the pointer's read-modify-CAS loop, listing.
 * Backends supply a handful of storage primitives over keys relative to the store root
 * ({@code <name>/versions/<version>/model.json} and so on; see {@link StoreLayout}).
 */
abstract class AbstractModelStore implements ModelStore {

    /** How often a promote or rollback re-reads the pointer when someone else replaced it under us. */
    static final int POINTER_ATTEMPTS = 5;

    /** How many names an audit record tries before giving up (the first, then {@code -1} to {@code -9}). */
    static final int AUDIT_ATTEMPTS = 10;

    /** Returned by {@link #readIfChanged} when the object still has the tag asked about. */
    static final StoredObject NOT_MODIFIED = new StoredObject(new byte[0], "not-modified");

    /** An object's bytes and its tag (an ETag, or a content hash). */
    record StoredObject(byte[] bytes, String tag) {
    }

    private final Clock clock;
    private final TrustedKeys trustedKeys;

    /** @param trustedKeys keys every returned model must be signed by, or null if signatures are not required */
    AbstractModelStore(Clock clock, TrustedKeys trustedKeys) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.trustedKeys = trustedKeys;
    }

    // ---- storage primitives --------------------------------------------------------------------------------

    /** The object at {@code key}, or empty if there is none. */
    abstract Optional<StoredObject> read(String key);

    /**
     * The object at {@code key} unless its tag is {@code knownTag}: {@link #NOT_MODIFIED} if it is, null if
     * there is no object. With a null {@code knownTag} this is {@link #read}.
     */
    abstract StoredObject readIfChanged(String key, String knownTag);

    /**
     * Writes a new version: {@code pmml} first, then {@code signature} if there is one, {@code json} last, never
     * replacing an existing version.
     *
     * @param signature the bytes of {@code model.sig}, or null
     * @throws VersionExistsException if the version exists or another publisher is writing it
     */
    abstract void writeVersion(String name, String version, byte[] pmml, byte[] signature, byte[] json);

    /**
     * Replaces the pointer of {@code name} if its tag is still {@code expectedTag} (null: if there is none).
     *
     * @throws ConcurrentUpdateException if it is not
     */
    abstract void replacePointer(String name, byte[] pointer, String expectedTag);

    /**
     * Writes a new object at {@code key}, whole or not at all, unless there is one.
     *
     * @return false if an object exists at {@code key} (it is left as it is)
     */
    abstract boolean createIfAbsent(String key, byte[] bytes);

    /** The names of the objects directly under {@code folder} (a key ending with {@code /}); empty if none. */
    abstract List<String> listFiles(String folder);

    /** Names with anything stored under them. */
    abstract List<String> listNames();

    /** Versions of {@code name} that have a {@code model.json}. */
    abstract List<String> listCompleteVersions(String name);

    /** A key as a location a person can find, e.g. {@code s3://bucket/prefix/<key>}. */
    abstract String locationOf(String key);

    // ---- the contract --------------------------------------------------------------------------------------

    @Override
    public PublishedVersion publish(ModelArtifact artifact) {
        return publish(artifact, null);
    }

    @Override
    public PublishedVersion publish(ModelArtifact artifact, ModelSignature signature) {
        Objects.requireNonNull(artifact, "artifact");
        if (signature != null && (!signature.modelId().equals(artifact.id())
                || !signature.checksum().equals(artifact.checksum()))) {
            throw new IllegalArgumentException("the signature is for " + signature.modelId() + " "
                    + signature.checksum() + ", not for " + artifact.id() + " " + artifact.checksum()
                    + ": sign this artifact");
        }
        String name = ModelNames.requireValidName(artifact.name());
        String version = ModelNames.requireValidVersion(artifact.version());
        byte[] json = ModelJson.write(artifact);
        try {
            ModelJson.read(json);
        } catch (InvalidModelException e) {
            throw new ModelVerificationException("refusing to publish " + artifact.id() + ": it does not verify ("
                    + e.getMessage() + "): rebuild the artifact", e);
        }
        byte[] pmml = ModelPmml.write(artifact);
        writeVersion(name, version, pmml, signature == null ? null : signature.toJson(), json);
        return new PublishedVersion(name, version, artifact.checksum(),
                locationOf(StoreLayout.versionDir(name, version) + "/"));
    }

    @Override
    public ModelArtifact fetch(String name, String version) {
        ModelNames.requireValidName(name);
        ModelNames.requireValidVersion(version);
        String key = StoreLayout.modelJson(name, version);
        StoredObject json = read(key).orElseThrow(() -> versionNotFound(name, version));
        ModelArtifact artifact = verify(name, version, key, json.bytes());
        if (trustedKeys != null) {
            try {
                trustedKeys.verify(artifact, readSignature(name, version).orElse(null));
            } catch (SignatureException e) {
                throw new ModelVerificationException(locationOf(key) + " is refused: " + e.getMessage(), e);
            }
        }
        return artifact;
    }

    @Override
    public Optional<ModelSignature> fetchSignature(String name, String version) {
        ModelNames.requireValidName(name);
        ModelNames.requireValidVersion(version);
        if (read(StoreLayout.modelJson(name, version)).isEmpty()) {
            throw versionNotFound(name, version);
        }
        return readSignature(name, version);
    }

    private Optional<ModelSignature> readSignature(String name, String version) {
        String key = StoreLayout.modelSig(name, version);
        Optional<StoredObject> stored = read(key);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ModelSignature.fromJson(stored.get().bytes()));
        } catch (SignatureException e) {
            throw new ModelVerificationException(locationOf(key) + " is damaged (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public byte[] fetchPmml(String name, String version) {
        ModelNames.requireValidName(name);
        ModelNames.requireValidVersion(version);
        if (read(StoreLayout.modelJson(name, version)).isEmpty()) {
            throw versionNotFound(name, version);
        }
        return read(StoreLayout.modelPmml(name, version))
                .orElseThrow(() -> new ModelNotFoundException("version " + name + ":" + version + " has no "
                        + "model.pmml at " + locationOf(StoreLayout.modelPmml(name, version))
                        + ": publish the model again under a new version"))
                .bytes();
    }

    @Override
    public Optional<LivePointer> live(String name) {
        ModelNames.requireValidName(name);
        return read(StoreLayout.pointer(name)).map(o -> parsePointer(name, o.bytes()));
    }

    @Override
    public LiveFetch fetchLive(String name, String knownTag) {
        ModelNames.requireValidName(name);
        StoredObject pointerObject = readIfChanged(StoreLayout.pointer(name), knownTag);
        if (pointerObject == NOT_MODIFIED) {
            return new LiveFetch.NotModified(knownTag);
        }
        if (pointerObject == null) {
            throw noLiveVersion(name);
        }
        LivePointer pointer = parsePointer(name, pointerObject.bytes());
        ModelArtifact artifact = fetch(name, pointer.version());
        requireChecksum(pointer.live(), artifact, name);
        return new LiveFetch.Updated(pointerObject.tag(), pointer, artifact);
    }

    @Override
    public LivePointer promote(String name, String version, String promotedBy) {
        ModelNames.requireValidName(name);
        ModelNames.requireValidVersion(version);
        String by = requireWho(promotedBy);
        ModelArtifact artifact = fetch(name, version);
        return updatePointer(name, current -> {
            if (current != null && current.version().equals(version)
                    && current.checksum().equals(artifact.checksum())) {
                return null; // already live: nothing to change, and no duplicate history entry
            }
            LiveEntry entry = new LiveEntry(version, artifact.checksum(), clock.instant(), by,
                    LiveEntry.Action.PROMOTE);
            List<LiveEntry> previous = new ArrayList<>();
            if (current != null) {
                previous.add(current.live());
                previous.addAll(current.previous());
            }
            return new LivePointer(name, entry, previous);
        });
    }

    @Override
    public LivePointer rollback(String name, String rolledBackBy) {
        ModelNames.requireValidName(name);
        String by = requireWho(rolledBackBy);
        return updatePointer(name, current -> {
            if (current == null) {
                throw new ModelNotFoundException("model '" + name + "' has no live version in " + location()
                        + ": there is nothing to roll back; promote a version first");
            }
            LiveEntry target = current.rollbackTarget().orElseThrow(() -> new ModelNotFoundException(
                    "model '" + name + "' has no earlier live version to roll back to (live: " + current.version()
                            + "): promote the version you want instead"));
            ModelArtifact artifact = fetch(name, target.version());
            requireChecksum(target, artifact, name);
            LiveEntry entry = new LiveEntry(target.version(), target.checksum(), clock.instant(), by,
                    LiveEntry.Action.ROLLBACK);
            return new LivePointer(name, entry, current.previous().subList(1, current.previous().size()));
        });
    }

    @Override
    public List<VersionSummary> list(String name) {
        ModelNames.requireValidName(name);
        String liveVersion = live(name).map(LivePointer::version).orElse(null);
        List<String> versions = new ArrayList<>(listCompleteVersions(name));
        versions.removeIf(v -> !ModelNames.isValid(v));
        versions.sort(VERSION_ORDER);
        List<VersionSummary> out = new ArrayList<>(versions.size());
        for (String version : versions) {
            boolean isLive = version.equals(liveVersion);
            try {
                ModelArtifact a = fetch(name, version);
                out.add(new VersionSummary(name, version, isLive, a.algorithm(), a.checksum(),
                        a.provenance() == null ? null : a.provenance().createdAt(), a.metrics(), null));
            } catch (ModelVerificationException | ModelNotFoundException e) {
                out.add(new VersionSummary(name, version, isLive, null, null, null, null, e.getMessage()));
            }
        }
        return out;
    }

    @Override
    public String appendAudit(AuditRecord record) {
        Objects.requireNonNull(record, "record");
        String name = ModelNames.requireValidName(record.name());
        String version = ModelNames.requireValidVersion(record.version());
        byte[] json = AuditJson.write(record);
        for (int attempt = 0; attempt < AUDIT_ATTEMPTS; attempt++) {
            String key = StoreLayout.auditRecord(name, record.at(), version, attempt);
            if (createIfAbsent(key, json)) {
                return locationOf(key);
            }
        }
        throw new ModelStoreException("cannot write the audit record of " + name + ":" + version + " under "
                + locationOf(StoreLayout.auditPrefix(name)) + ": " + AUDIT_ATTEMPTS
                + " records of that version in the same millisecond; record the decision again");
    }

    @Override
    public List<AuditRecord> audit(String name) {
        ModelNames.requireValidName(name);
        String folder = StoreLayout.auditPrefix(name);
        List<String> files = new ArrayList<>(listFiles(folder));
        // Hadoop's local file system, which wrote the trail before the store did, left .<file>.crc checksums.
        files.removeIf(f -> f.startsWith(".") || !f.endsWith(".json"));
        // Without ".json", so that a retry's "<time>-<version>-1" sorts after the "<time>-<version>" it follows.
        files.sort(Comparator.comparing(f -> f.substring(0, f.length() - ".json".length())));
        List<AuditRecord> records = new ArrayList<>(files.size());
        for (String file : files) {
            String key = folder + file;
            Optional<StoredObject> stored = read(key);
            if (stored.isEmpty()) {
                continue; // deleted since the listing: records are only ever removed by hand
            }
            try {
                records.add(AuditJson.read(stored.get().bytes()));
            } catch (IllegalArgumentException e) {
                throw new ModelVerificationException("audit record " + locationOf(key) + " is damaged ("
                        + e.getMessage() + "): move it out of the audit folder to read the others", e);
            }
        }
        return records;
    }

    @Override
    public List<String> names() {
        List<String> names = new ArrayList<>(listNames());
        names.removeIf(n -> !ModelNames.isValid(n));
        names.sort(Comparator.naturalOrder());
        return names;
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    /**
     * Read-modify-CAS on the pointer. {@code change} gets the current pointer (null if none) and returns the new
     * one, or null to leave it as it is (then the current one is returned).
     */
    private LivePointer updatePointer(String name, UnaryOperator<LivePointer> change) {
        String key = StoreLayout.pointer(name);
        for (int attempt = 1; ; attempt++) {
            Optional<StoredObject> currentObject = read(key);
            LivePointer current = currentObject.map(o -> parsePointer(name, o.bytes())).orElse(null);
            LivePointer next = change.apply(current);
            if (next == null) {
                return current;
            }
            try {
                replacePointer(name, LivePointerJson.write(next), currentObject.map(StoredObject::tag).orElse(null));
                return next;
            } catch (ConcurrentUpdateException e) {
                if (attempt >= POINTER_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private ModelArtifact verify(String name, String version, String key, byte[] json) {
        ModelArtifact artifact;
        try {
            artifact = ModelJson.read(json);
        } catch (InvalidModelException e) {
            throw new ModelVerificationException(locationOf(key) + " failed verification (" + e.getMessage()
                    + "): the stored model is damaged; publish it again under a new version", e);
        }
        if (!name.equals(artifact.name()) || !version.equals(artifact.version())) {
            throw new ModelVerificationException(locationOf(key) + " failed verification: it holds "
                    + artifact.id() + ", not " + name + ":" + version
                    + "; the stored model is misplaced, publish it again under a new version");
        }
        return artifact;
    }

    private LivePointer parsePointer(String name, byte[] bytes) {
        String location = locationOf(StoreLayout.pointer(name));
        LivePointer pointer;
        try {
            pointer = LivePointerJson.read(bytes);
        } catch (IllegalArgumentException e) {
            throw new ModelVerificationException("live pointer " + location + " is damaged (" + e.getMessage()
                    + "): delete it and promote a version again", e);
        }
        if (!pointer.name().equals(name)) {
            throw new ModelVerificationException("live pointer " + location + " names model '" + pointer.name()
                    + "', not '" + name + "': delete it and promote a version again");
        }
        return pointer;
    }

    private void requireChecksum(LiveEntry entry, ModelArtifact artifact, String name) {
        if (!entry.checksum().equals(artifact.checksum())) {
            throw new ModelVerificationException("live pointer " + locationOf(StoreLayout.pointer(name))
                    + " expects checksum " + entry.checksum() + " for version " + entry.version()
                    + " but the stored model has " + artifact.checksum()
                    + ": the version was replaced behind the store's back; promote a verified version");
        }
    }

    private ModelNotFoundException versionNotFound(String name, String version) {
        return new ModelNotFoundException("model '" + name + "' version '" + version + "' not found in "
                + location() + ": list the versions with `model list " + location() + " --name " + name + "`");
    }

    private ModelNotFoundException noLiveVersion(String name) {
        return new ModelNotFoundException("model '" + name + "' has no live version in " + location()
                + ": promote one with `model promote " + location() + " --name " + name + " --version <v>`");
    }

    private static String requireWho(String who) {
        if (who == null || who.isBlank()) {
            throw new IllegalArgumentException("who promotes is missing: give a user or job name");
        }
        return who.strip();
    }

    /** Orders versions with their numeric parts compared as numbers: 2 &lt; 10, 1.9 &lt; 1.10. */
    static final Comparator<String> VERSION_ORDER = AbstractModelStore::compareVersions;

    private static int compareVersions(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int si = i;
                int sj = j;
                while (i < a.length() && Character.isDigit(a.charAt(i))) {
                    i++;
                }
                while (j < b.length() && Character.isDigit(b.charAt(j))) {
                    j++;
                }
                String na = a.substring(si, i).replaceFirst("^0+(?=.)", "");
                String nb = b.substring(sj, j).replaceFirst("^0+(?=.)", "");
                int c = na.length() != nb.length() ? Integer.compare(na.length(), nb.length()) : na.compareTo(nb);
                if (c != 0) {
                    return c;
                }
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        int c = Integer.compare(a.length() - i, b.length() - j);
        return c != 0 ? c : a.compareTo(b);
    }
}
