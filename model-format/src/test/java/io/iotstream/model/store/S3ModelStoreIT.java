package io.iotstream.model.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotstream.model.ModelArtifact;
import io.iotstream.devservices.FreePorts;
import io.iotstream.devservices.S3ProxyServer;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The store contract against a real S3 API server (S3Proxy 4.1.0 from dev-services, in-memory "transient"
 * backend), with endpoint override and path-style access, plus what S3Proxy does with conditional requests.
 */
class S3ModelStoreIT extends ModelStoreContract {

    static final String BUCKET = "model-store-it";

    private static S3ProxyServer server;
    private static S3Client raw;

    /** A fresh prefix per test (two levels deep, as real deployments often use). */
    private final String prefix = "it/" + UUID.randomUUID();

    @BeforeAll
    static void startServer() {
        server = S3ProxyServer.shared();
        server.createBucket(BUCKET);
        raw = S3Client.builder()
                .endpointOverride(server.endpoint())
                .region(Region.of(server.region()))
                .credentialsProvider(credentials())
                .forcePathStyle(true)
                .build();
    }

    @AfterAll
    static void closeClient() {
        if (raw != null) {
            raw.close();
        }
    }

    static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(server.accessKey(), server.secretKey()));
    }

    static StoreOptions s3Options(StoreOptions base) {
        return base.withS3Endpoint(server.endpoint()).withS3PathStyle(true).withRegion(server.region())
                .withCredentials(credentials());
    }

    @Override
    ModelStore openStore(StoreOptions options) {
        return ModelStores.open("s3://" + BUCKET + "/" + prefix, s3Options(options));
    }

    @Override
    void writeRaw(String key, byte[] bytes) {
        raw.putObject(b -> b.bucket(BUCKET).key(prefix + "/" + key), RequestBody.fromBytes(bytes));
    }

    @Override
    Optional<byte[]> readRaw(String key) {
        try {
            return Optional.of(raw.getObjectAsBytes(b -> b.bucket(BUCKET).key(prefix + "/" + key)).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    @Override
    String expectedLocation() {
        return "s3://" + BUCKET + "/" + prefix;
    }

    // ---- what S3Proxy 4.1.0 does with conditional requests (docs/model-store.md) --------------------------

    @Test
    void s3ProxyRefusesASecondPutWithIfNoneMatchStar() {
        String key = prefix + "/probe/inm";
        raw.putObject(b -> b.bucket(BUCKET).key(key).ifNoneMatch("*"), RequestBody.fromString("first"));

        assertThatThrownBy(() -> raw.putObject(b -> b.bucket(BUCKET).key(key).ifNoneMatch("*"),
                RequestBody.fromString("second")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
        assertThat(raw.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asUtf8String()).isEqualTo("first");
    }

    @Test
    void s3ProxyLetsExactlyOneOfConcurrentIfNoneMatchPutsWin() throws Exception {
        String key = prefix + "/probe/race";
        int writers = 8;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<Boolean>> results = new ArrayList<>();
        try {
            for (int i = 0; i < writers; i++) {
                String body = "writer-" + i;
                results.add(pool.submit(() -> {
                    go.await();
                    try {
                        raw.putObject(b -> b.bucket(BUCKET).key(key).ifNoneMatch("*"), RequestBody.fromString(body));
                        return true;
                    } catch (S3Exception e) {
                        assertThat(e.statusCode()).isIn(409, 412);
                        return false;
                    }
                }));
            }
            go.countDown();
            int won = 0;
            for (Future<Boolean> f : results) {
                won += f.get(60, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void s3ProxyHonoursIfMatchOnPut() {
        String key = prefix + "/probe/im";
        String etag = raw.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString("v1")).eTag();

        assertThatThrownBy(() -> raw.putObject(b -> b.bucket(BUCKET).key(key).ifMatch("\"0123456789abcdef\""),
                RequestBody.fromString("lost")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
        raw.putObject(b -> b.bucket(BUCKET).key(key).ifMatch(etag), RequestBody.fromString("v2"));
        assertThat(raw.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asUtf8String()).isEqualTo("v2");
        assertThatThrownBy(() -> raw.putObject(b -> b.bucket(BUCKET).key(prefix + "/probe/missing").ifMatch(etag),
                RequestBody.fromString("x")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isIn(404, 412));
    }

    @Test
    void s3ProxyAnswersAConditionalGetWith304NotModified() {
        String key = prefix + "/probe/get";
        String etag = raw.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString("pointer")).eTag();

        assertThatThrownBy(() -> raw.getObjectAsBytes(b -> b.bucket(BUCKET).key(key).ifNoneMatch(etag)))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(304));
        assertThat(raw.getObjectAsBytes(b -> b.bucket(BUCKET).key(key).ifNoneMatch("\"other\"")).asUtf8String())
                .isEqualTo("pointer");
    }

    @Test
    void shouldUseThePointersEtagAsTag() {
        store.publish(TestModels.artifact(NAME, "1"));
        store.promote(NAME, "1", "ci");

        String tag = store.fetchLive(NAME, null).tag();

        assertThat(tag).isEqualTo(raw.headObject(b -> b.bucket(BUCKET).key(prefix + "/turbine/live.json")).eTag());
    }

    // ---- configuration -----------------------------------------------------------------------------------

    @Test
    void shouldBeConfigurableThroughTheEnvironment() {
        Map<String, String> env = Map.of(
                "AWS_ENDPOINT_URL", server.endpoint().toString(),
                "AWS_REGION", server.region(),
                "IOTSTREAM_S3_PATH_STYLE", "true",
                "AWS_ACCESS_KEY_ID", server.accessKey(),
                "AWS_SECRET_ACCESS_KEY", server.secretKey());
        StoreOptions options = StoreOptions.fromEnvironment(env, Map.of());
        assertThat(options.toString()).doesNotContain(server.secretKey()).doesNotContain(server.accessKey());

        try (ModelStore fromEnv = ModelStores.open("s3://" + BUCKET + "/" + prefix, options)) {
            ModelArtifact model = TestModels.artifact(NAME, "env");
            fromEnv.publish(model);
            assertThat(store.fetch(NAME, "env")).isEqualTo(model);
        }
    }

    @Test
    void shouldWorkAtTheBucketRoot() {
        String bucket = "root-" + UUID.randomUUID().toString().substring(0, 8);
        server.createBucket(bucket);
        try (ModelStore atRoot = ModelStores.open("s3://" + bucket, s3Options(StoreOptions.defaults()))) {
            atRoot.publish(TestModels.artifact(NAME, "1"));
            atRoot.promote(NAME, "1", "ci");

            assertThat(atRoot.location()).isEqualTo("s3://" + bucket);
            assertThat(atRoot.names()).containsExactly(NAME);
            assertThat(raw.headObject(b -> b.bucket(bucket).key("turbine/versions/1/model.json"))).isNotNull();
            assertThat(raw.headObject(b -> b.bucket(bucket).key("turbine/live.json"))).isNotNull();
        }
    }

    @Test
    void shouldNameAMissingBucket() {
        try (ModelStore missing = ModelStores.open("s3://no-such-bucket-" + UUID.randomUUID().toString()
                .substring(0, 8) + "/models", s3Options(StoreOptions.defaults()))) {
            assertThatThrownBy(() -> missing.fetch(NAME, "1"))
                    .isInstanceOf(ModelStoreException.class)
                    .hasMessageContaining("does not exist: create it or fix the store URI");
        }
    }

    @Test
    void shouldNotRevealCredentialsWhenTheyAreWrong() {
        String secret = "wrong-secret-" + UUID.randomUUID();
        StoreOptions wrong = s3Options(StoreOptions.defaults())
                .withCredentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAWRONG", secret)));
        try (ModelStore denied = ModelStores.open("s3://" + BUCKET + "/" + prefix, wrong)) {
            assertThatThrownBy(() -> denied.fetch(NAME, "1"))
                    .isInstanceOf(ModelStoreException.class)
                    .hasMessageContaining("HTTP 403")
                    .hasMessageContaining("check the credentials")
                    .satisfies(e -> assertThat(allMessages(e)).doesNotContain(secret));
        }
    }

    @Test
    void shouldNameTheEndpointFixWhenTheServerIsUnreachable() {
        int port = FreePorts.find();
        StoreOptions nowhere = s3Options(StoreOptions.defaults()).withS3Endpoint(URI.create("http://127.0.0.1:" + port));
        try (ModelStore unreachable = ModelStores.open("s3://" + BUCKET + "/" + prefix, nowhere)) {
            assertThatThrownBy(() -> unreachable.list(NAME))
                    .isInstanceOf(ModelStoreException.class)
                    .hasMessageContaining("check --s3-endpoint")
                    .satisfies(e -> assertThat(allMessages(e)).doesNotContain(server.secretKey()));
        }
    }

    // ---- a server without conditional writes (501): check-then-write with a verification read -------------

    @Test
    void shouldFallBackToCheckThenWriteWhenTheServerDoesNotImplementConditionalWrites() {
        S3Client noConditionals = withoutConditionalWrites(ModelStores.s3Client(s3Options(StoreOptions.defaults())));
        try (ModelStore fallback = new S3ModelStore(noConditionals, BUCKET, prefix + "/", clock, null)) {
            ModelArtifact one = TestModels.artifact(NAME, "1", 1);
            fallback.publish(one);
            assertThatThrownBy(() -> fallback.publish(TestModels.artifact(NAME, "1", 2)))
                    .isInstanceOf(VersionExistsException.class);
            fallback.publish(TestModels.artifact(NAME, "2", 2));
            fallback.promote(NAME, "1", "ci");
            fallback.promote(NAME, "2", "ci");
            assertThat(fallback.rollback(NAME, "ci").version()).isEqualTo("1");
            assertThat(fallback.fetch(NAME, "1")).isEqualTo(one);
            assertThat(store.live(NAME).orElseThrow().version()).isEqualTo("1");
        }
    }

    /** An S3 client whose server "does not implement" If-None-Match / If-Match on PUT, as some S3 clones do. */
    @SuppressWarnings("unchecked")
    private static S3Client withoutConditionalWrites(S3Client delegate) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("putObject") && args != null && args.length == 2) {
                PutObjectRequest request = args[0] instanceof PutObjectRequest r ? r
                        : args[0] instanceof Consumer<?> c
                                ? PutObjectRequest.builder().applyMutation((Consumer<PutObjectRequest.Builder>) c).build()
                                : null;
                if (request != null && (request.ifNoneMatch() != null || request.ifMatch() != null)) {
                    throw S3Exception.builder().statusCode(501)
                            .awsErrorDetails(AwsErrorDetails.builder().errorCode("NotImplemented")
                                    .errorMessage("Conditional writes are not supported by this backend.").build())
                            .message("NotImplemented").build();
                }
            }
            try {
                return method.invoke(delegate, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (S3Client) Proxy.newProxyInstance(S3Client.class.getClassLoader(), new Class<?>[] {S3Client.class},
                handler);
    }

    private static String allMessages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t).append('\n');
        }
        return all.toString();
    }
}
