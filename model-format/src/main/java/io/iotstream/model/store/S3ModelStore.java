package io.iotstream.model.store;

import io.iotstream.model.sign.TrustedKeys;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A store under an S3 bucket prefix (AWS S3 or an S3-compatible server), through the AWS SDK for Java v2.
 *
 * <ul>
 *   <li>Publish: HEAD {@code model.json} (exists: refuse), then PUT {@code model.pmml} and PUT
 *       {@code model.json}, each with {@code If-None-Match: *}, then read {@code model.json} back and compare.
 *       On S3 the conditional PUT makes exactly one racing publisher win.</li>
 *   <li>Promote/rollback: PUT {@code live.json} with {@code If-Match: <ETag read>} ({@code If-None-Match: *} for
 *       the first promote); {@code 412} means someone else changed it, and the caller re-reads and retries.</li>
 *   <li>Audit records: PUT with {@code If-None-Match: *}; {@code 412} means the name is taken.</li>
 *   <li>Live polling: GET {@code live.json} with {@code If-None-Match: <ETag>}; {@code 304} means unchanged.</li>
 *   <li>A server that answers a conditional PUT with {@code 501 Not Implemented} is used with check-then-write
 *       and a verification read instead (logged once); see docs/model-store.md for what that guarantees.</li>
 * </ul>
 */
final class S3ModelStore extends AbstractModelStore {

    private static final Logger LOG = LoggerFactory.getLogger(S3ModelStore.class);
    private static final int CONFLICT_ATTEMPTS = 3;

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final String location;
    private volatile boolean conditionalWritesUnsupported;

    /**
     * @param s3 the client; closed by {@link #close()}
     * @param bucket the bucket
     * @param prefix the key prefix, empty or ending with {@code /}
     */
    S3ModelStore(S3Client s3, String bucket, String prefix, Clock clock, TrustedKeys trustedKeys) {
        super(clock, trustedKeys);
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            throw new IllegalArgumentException("prefix must end with '/': " + prefix);
        }
        this.location = "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix.substring(0, prefix.length() - 1));
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public void close() {
        s3.close();
    }

    // ---- reads ---------------------------------------------------------------------------------------------

    @Override
    Optional<StoredObject> read(String key) {
        try {
            ResponseBytes<GetObjectResponse> object = s3.getObjectAsBytes(b -> b.bucket(bucket).key(prefix + key));
            return Optional.of(new StoredObject(object.asByteArray(), object.response().eTag()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404 && !isNoSuchBucket(e)) {
                return Optional.empty();
            }
            throw failure("read", key, e);
        } catch (SdkException e) {
            throw unreachable("read", key, e);
        }
    }

    @Override
    StoredObject readIfChanged(String key, String knownTag) {
        if (knownTag == null) {
            return read(key).orElse(null);
        }
        try {
            ResponseBytes<GetObjectResponse> object = s3.getObjectAsBytes(
                    b -> b.bucket(bucket).key(prefix + key).ifNoneMatch(knownTag));
            return new StoredObject(object.asByteArray(), object.response().eTag());
        } catch (NoSuchKeyException e) {
            return null;
        } catch (S3Exception e) {
            if (e.statusCode() == 304) {
                return NOT_MODIFIED; // the SDK reports "304 Not Modified" as an exception
            }
            if (e.statusCode() == 404 && !isNoSuchBucket(e)) {
                return null;
            }
            throw failure("read", key, e);
        } catch (SdkException e) {
            throw unreachable("read", key, e);
        }
    }

    private boolean exists(String key) {
        try {
            s3.headObject(b -> b.bucket(bucket).key(prefix + key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            // HEAD answers have no body, so a missing bucket is a plain 404 too; the next call will say which.
            if (e.statusCode() == 404) {
                return false;
            }
            throw failure("read", key, e);
        } catch (SdkException e) {
            throw unreachable("read", key, e);
        }
    }

    // ---- writes --------------------------------------------------------------------------------------------

    @Override
    void writeVersion(String name, String version, byte[] pmml, byte[] signature, byte[] json) {
        String jsonKey = StoreLayout.modelJson(name, version);
        String pmmlKey = StoreLayout.modelPmml(name, version);
        if (exists(jsonKey)) {
            throw versionExists(name, version);
        }
        if (!createIfAbsent(pmmlKey, pmml, "application/xml")) {
            if (exists(jsonKey)) {
                throw versionExists(name, version);
            }
            Optional<StoredObject> existing = read(pmmlKey);
            if (existing.isEmpty() || !Arrays.equals(existing.get().bytes(), pmml)) {
                throw new VersionExistsException("version " + name + ":" + version + " is being published by "
                        + "another publisher, or an earlier publish was interrupted (" + locationOf(pmmlKey)
                        + " exists, model.json does not): publish under a new version, or, if no publish is "
                        + "running, delete " + locationOf(StoreLayout.versionDir(name, version) + "/")
                        + " and publish again");
            }
            // The same bytes: an earlier attempt of this very publish got this far. Carry on.
        }
        // Ed25519 signatures are deterministic, so a retried publish of the same signed artifact writes the
        // same bytes and may carry on; anything else is another publisher's version.
        String sigKey = StoreLayout.modelSig(name, version);
        if (signature != null && !createIfAbsent(sigKey, signature, "application/json")) {
            Optional<StoredObject> existing = read(sigKey);
            if (exists(jsonKey) || existing.isEmpty() || !Arrays.equals(existing.get().bytes(), signature)) {
                throw versionExists(name, version);
            }
        }
        if (!createIfAbsent(jsonKey, json, "application/json")) {
            throw versionExists(name, version);
        }
        // Verification read: where the server ignored the condition, a racing publisher may have replaced ours.
        Optional<StoredObject> stored = read(jsonKey);
        if (stored.isEmpty() || !Arrays.equals(stored.get().bytes(), json)) {
            throw new VersionExistsException("version " + name + ":" + version + " was written by another "
                    + "publisher at the same time (" + locationOf(jsonKey) + " does not hold this model): "
                    + "publish under a new version");
        }
    }

    @Override
    void replacePointer(String name, byte[] pointer, String expectedTag) {
        String key = StoreLayout.pointer(name);
        if (!conditionalWritesUnsupported) {
            try {
                put(key, pointer, "application/json",
                        b -> {
                            if (expectedTag == null) {
                                b.ifNoneMatch("*");
                            } else {
                                b.ifMatch(expectedTag);
                            }
                        });
                return;
            } catch (S3Exception e) {
                int status = e.statusCode();
                if (status == 412 || status == 409 || (status == 404 && expectedTag != null && !isNoSuchBucket(e))) {
                    throw pointerChanged(key);
                }
                if (status != 501) {
                    throw failure("write", key, e);
                }
                markConditionalWritesUnsupported(e);
            } catch (SdkException e) {
                throw unreachable("write", key, e);
            }
        }
        // Fallback for servers without conditional writes: compare, write, read back. A writer that lands between
        // our compare and our write is lost; the read-back catches one that lands after our write.
        String currentTag = read(key).map(StoredObject::tag).orElse(null);
        if (!Objects.equals(currentTag, expectedTag)) {
            throw pointerChanged(key);
        }
        try {
            put(key, pointer, "application/json", b -> { });
        } catch (S3Exception e) {
            throw failure("write", key, e);
        } catch (SdkException e) {
            throw unreachable("write", key, e);
        }
        Optional<StoredObject> after = read(key);
        if (after.isEmpty() || !Arrays.equals(after.get().bytes(), pointer)) {
            throw pointerChanged(key);
        }
    }

    @Override
    boolean createIfAbsent(String key, byte[] bytes) {
        return createIfAbsent(key, bytes, "application/json");
    }

    /** PUT with {@code If-None-Match: *}; false if the object exists (or another writer holds it). */
    private boolean createIfAbsent(String key, byte[] bytes, String contentType) {
        if (!conditionalWritesUnsupported) {
            for (int attempt = 1; attempt <= CONFLICT_ATTEMPTS; attempt++) {
                try {
                    put(key, bytes, contentType, b -> b.ifNoneMatch("*"));
                    return true;
                } catch (S3Exception e) {
                    int status = e.statusCode();
                    if (status == 412) {
                        return false;
                    }
                    if (status == 409) {
                        // ConditionalRequestConflict: another conditional write to this key is in flight. Asking
                        // again gets 412 once it has landed.
                        continue;
                    }
                    if (status != 501) {
                        throw failure("write", key, e);
                    }
                    markConditionalWritesUnsupported(e);
                    break;
                } catch (SdkException e) {
                    throw unreachable("write", key, e);
                }
            }
            if (!conditionalWritesUnsupported) {
                return false;
            }
        }
        if (exists(key)) {
            return false;
        }
        try {
            put(key, bytes, contentType, b -> { });
            return true;
        } catch (S3Exception e) {
            throw failure("write", key, e);
        } catch (SdkException e) {
            throw unreachable("write", key, e);
        }
    }

    private void put(String key, byte[] bytes, String contentType, Consumer<PutObjectRequest.Builder> condition) {
        s3.putObject(b -> {
            b.bucket(bucket).key(prefix + key).contentType(contentType);
            condition.accept(b);
        }, RequestBody.fromBytes(bytes));
    }

    private void markConditionalWritesUnsupported(S3Exception e) {
        if (!conditionalWritesUnsupported) {
            conditionalWritesUnsupported = true;
            LOG.warn("{} does not support conditional writes ({}): falling back to check-then-write with a "
                    + "verification read, which does not exclude every race; see docs/model-store.md", location,
                    errorCode(e));
        }
    }

    // ---- listing -------------------------------------------------------------------------------------------

    @Override
    List<String> listNames() {
        List<String> names = new ArrayList<>();
        try {
            for (CommonPrefix common : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix).delimiter("/"))
                    .commonPrefixes()) {
                String rel = common.prefix().substring(prefix.length());
                names.add(rel.endsWith("/") ? rel.substring(0, rel.length() - 1) : rel);
            }
        } catch (S3Exception e) {
            throw failure("list", "", e);
        } catch (SdkException e) {
            throw unreachable("list", "", e);
        }
        return names;
    }

    @Override
    List<String> listFiles(String folder) {
        String folderPrefix = prefix + folder;
        List<String> files = new ArrayList<>();
        try {
            for (S3Object object : s3.listObjectsV2Paginator(
                    b -> b.bucket(bucket).prefix(folderPrefix).delimiter("/")).contents()) {
                String rel = object.key().substring(folderPrefix.length());
                if (!rel.isEmpty()) { // S3A's directory marker, the folder key itself
                    files.add(rel);
                }
            }
        } catch (S3Exception e) {
            throw failure("list", folder, e);
        } catch (SdkException e) {
            throw unreachable("list", folder, e);
        }
        return files;
    }

    @Override
    List<String> listCompleteVersions(String name) {
        String versionsPrefix = prefix + StoreLayout.versionsPrefix(name);
        String suffix = "/" + StoreLayout.MODEL_JSON;
        List<String> versions = new ArrayList<>();
        try {
            for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(versionsPrefix)).contents()) {
                String rel = object.key().substring(versionsPrefix.length());
                if (rel.endsWith(suffix)) {
                    String version = rel.substring(0, rel.length() - suffix.length());
                    if (!version.contains("/")) {
                        versions.add(version);
                    }
                }
            }
        } catch (S3Exception e) {
            throw failure("list", StoreLayout.versionsPrefix(name), e);
        } catch (SdkException e) {
            throw unreachable("list", StoreLayout.versionsPrefix(name), e);
        }
        return versions;
    }

    @Override
    String locationOf(String key) {
        return "s3://" + bucket + "/" + prefix + key;
    }

    // ---- errors: say what failed and what to do, never with credentials ----------------------------------

    private VersionExistsException versionExists(String name, String version) {
        return new VersionExistsException("version " + name + ":" + version + " already exists at "
                + locationOf(StoreLayout.versionDir(name, version) + "/")
                + ": versions are immutable, publish under a new version");
    }

    private ConcurrentUpdateException pointerChanged(String key) {
        return new ConcurrentUpdateException("live pointer " + locationOf(key) + " changed while updating it: "
                + "another promote or rollback ran; check `model list` and run the command again");
    }

    private ModelStoreException failure(String action, String key, S3Exception e) {
        String code = errorCode(e);
        String hint;
        if (isNoSuchBucket(e)) {
            hint = "bucket '" + bucket + "' does not exist: create it or fix the store URI";
        } else if (e.statusCode() == 403) {
            hint = "access denied: check the credentials (AWS_ACCESS_KEY_ID / AWS_PROFILE) and the bucket policy";
        } else if (e.statusCode() == 301 || "AuthorizationHeaderMalformed".equals(code)
                || "PermanentRedirect".equals(code)) {
            hint = "the bucket is in another region: set --s3-region or AWS_REGION";
        } else {
            hint = "check the store URI, --s3-endpoint and --s3-path-style";
        }
        return new ModelStoreException("cannot " + action + " " + locationOf(key) + ": " + code + " (HTTP "
                + e.statusCode() + "): " + hint, e);
    }

    private ModelStoreException unreachable(String action, String key, SdkException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (message.startsWith("Unable to load credentials")) {
            // The SDK lists every provider it tried; the fix is the same for all of them.
            return new ModelStoreException("cannot " + action + " " + locationOf(key) + ": no AWS credentials found: "
                    + "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, or run with an IAM role", e);
        }
        String hint = e instanceof SdkClientException
                ? "check --s3-endpoint / AWS_ENDPOINT_URL, --s3-region and the credentials"
                : "check the store URI and the server";
        return new ModelStoreException("cannot " + action + " " + locationOf(key) + ": " + message + ": " + hint, e);
    }

    private static boolean isNoSuchBucket(S3Exception e) {
        return "NoSuchBucket".equals(errorCode(e));
    }

    private static String errorCode(S3Exception e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return code == null || code.isBlank() ? "HTTP " + e.statusCode() : code;
    }
}
