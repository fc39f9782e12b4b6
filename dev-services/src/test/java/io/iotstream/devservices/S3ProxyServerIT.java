package io.iotstream.devservices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

class S3ProxyServerIT {

    private static S3ProxyServer server;
    private static S3Client s3;

    @BeforeAll
    static void startServer() {
        long t0 = System.nanoTime();
        server = S3ProxyServer.start();
        System.out.printf("S3ProxyServer started in %d ms at %s%n", (System.nanoTime() - t0) / 1_000_000,
                server.endpoint());
        s3 = client(server);
    }

    @AfterAll
    static void stopServer() {
        if (s3 != null) {
            s3.close();
        }
        if (server != null) {
            server.close();
        }
    }

    static S3Client client(S3ProxyServer server) {
        return S3Client.builder()
                .endpointOverride(server.endpoint())
                .region(Region.of(server.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(server.accessKey(), server.secretKey())))
                .forcePathStyle(true)
                .build();
    }

    @Test
    void shouldStoreAndReturnObject() {
        server.createBucket("models");
        server.createBucket("models"); // idempotent

        s3.putObject(b -> b.bucket("models").key("a/b.json"), RequestBody.fromString("{\"x\":1}"));

        String body = s3.getObjectAsBytes(b -> b.bucket("models").key("a/b.json")).asUtf8String();
        assertThat(body).isEqualTo("{\"x\":1}");
        assertThat(s3.headObject(b -> b.bucket("models").key("a/b.json")).contentLength()).isEqualTo(7);
        assertThat(s3.listObjectsV2(b -> b.bucket("models").prefix("a/")).contents())
                .extracting(software.amazon.awssdk.services.s3.model.S3Object::key).containsExactly("a/b.json");

        s3.deleteObject(b -> b.bucket("models").key("a/b.json"));
        assertThat(s3.listObjectsV2(b -> b.bucket("models")).contents()).isEmpty();
    }

    @Test
    void shouldRefuseConnectionsWhileStoppedAndKeepObjectsAcrossRestart() throws Exception {
        server.createBucket("restart");
        s3.putObject(b -> b.bucket("restart").key("k"), RequestBody.fromString("kept"));
        int port = server.endpoint().getPort();

        server.stop();
        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            }
        }).isInstanceOf(ConnectException.class);

        server.restart();
        assertThat(server.endpoint().getPort()).isEqualTo(port);
        assertThat(s3.getObjectAsBytes(b -> b.bucket("restart").key("k")).asUtf8String()).isEqualTo("kept");
    }

    /** Documents what S3Proxy does with the conditional requests the model store relies on. */
    @Test
    void shouldHonourConditionalRequests() {
        server.createBucket("cond");
        PutObjectResponse first = s3.putObject(
                PutObjectRequest.builder().bucket("cond").key("k").ifNoneMatch("*").build(),
                RequestBody.fromString("v1"));
        assertThat(first.eTag()).isNotBlank();

        // If-None-Match: * on an existing key -> 412 Precondition Failed
        assertThatThrownBy(() -> s3.putObject(
                PutObjectRequest.builder().bucket("cond").key("k").ifNoneMatch("*").build(),
                RequestBody.fromString("v2")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));

        // If-Match with a stale ETag -> 412; with the current one -> replaced
        assertThatThrownBy(() -> s3.putObject(
                PutObjectRequest.builder().bucket("cond").key("k").ifMatch("\"0123456789abcdef0123456789abcdef\"")
                        .build(),
                RequestBody.fromString("v2")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
        PutObjectResponse second = s3.putObject(
                PutObjectRequest.builder().bucket("cond").key("k").ifMatch(first.eTag()).build(),
                RequestBody.fromString("v2"));
        assertThat(second.eTag()).isNotEqualTo(first.eTag());

        // GET If-None-Match with the current ETag -> 304 Not Modified; If-Match stale -> 412
        assertThatThrownBy(() -> s3.getObjectAsBytes(
                GetObjectRequest.builder().bucket("cond").key("k").ifNoneMatch(second.eTag()).build()))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(304));
        assertThatThrownBy(() -> s3.getObjectAsBytes(
                GetObjectRequest.builder().bucket("cond").key("k").ifMatch(first.eTag()).build()))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
        assertThat(s3.getObjectAsBytes(
                GetObjectRequest.builder().bucket("cond").key("k").ifNoneMatch(first.eTag()).build())
                .asString(StandardCharsets.UTF_8)).isEqualTo("v2");
    }

    @Test
    void shouldKeepFilesystemObjectsForTheNextServerOnTheSameFolder(@TempDir Path dir) {
        try (S3ProxyServer first = S3ProxyServer.startOnFilesystem(dir.resolve("s3"));
                S3Client c = client(first)) {
            first.createBucket("data");
            c.putObject(b -> b.bucket("data").key("a/b.txt"), RequestBody.fromString("on disk"));
        }
        assertThat(dir.resolve("s3").resolve("data").resolve("a").resolve("b.txt")).hasContent("on disk");

        try (S3ProxyServer second = S3ProxyServer.startOnFilesystem(dir.resolve("s3"));
                S3Client c = client(second)) {
            assertThat(c.getObjectAsBytes(b -> b.bucket("data").key("a/b.txt")).asUtf8String()).isEqualTo("on disk");
            // the model store's publish relies on this: an existing key refuses a conditional create
            assertThatThrownBy(() -> c.putObject(PutObjectRequest.builder().bucket("data").key("a/b.txt")
                    .ifNoneMatch("*").build(), RequestBody.fromString("again")))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
        }
    }

    @Test
    void sharedShouldBeOneInstanceThatIgnoresClose() {
        S3ProxyServer shared = S3ProxyServer.shared();
        shared.close();
        assertThat(S3ProxyServer.shared()).isSameAs(shared);
        shared.createBucket("shared");
        try (S3Client client = client(shared)) {
            client.putObject(b -> b.bucket("shared").key("k"), RequestBody.fromString("s"));
            assertThat(client.getObjectAsBytes(b -> b.bucket("shared").key("k")).asUtf8String()).isEqualTo("s");
        }
    }
}
