package io.iotstream.scoring.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotstream.scoring.metrics.internal.ServerLimits;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The operator endpoint answers its probes while other clients stall or misbehave (a liveness probe that timed out
 * would have Kubernetes restart a healthy scorer), and drops those clients. Every read has a timeout, and every
 * wait is on a condition (a connection closed, a response read), never a fixed sleep.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OperatorEndpointSlowClientsTest {

    private static final String PARTIAL_HEADERS = "GET /health/ready HTTP/1.1\r\nHost: x\r\n";
    private static final String PARTIAL_LINE = "GET /hea";
    private static final Duration LONG = Duration.ofSeconds(60);
    private static final Duration SHORT = Duration.ofMillis(500);
    private static final Duration PATIENCE = Duration.ofSeconds(5);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<Socket> clients = new ArrayList<>();
    private OperatorEndpoint endpoint;

    @AfterEach
    void stop() {
        for (Socket client : clients) {
            try {
                client.close();
            } catch (IOException e) {
                // the test is over
            }
        }
        if (endpoint != null) {
            endpoint.close();
        }
    }

    @Test
    void shouldAnswerProbesWithinASecondWhile300ClientsStall() throws Exception {
        start(ServerLimits.DEFAULT.withReadTimeout(LONG));
        assertThat(probe("/health/ready").status()).as("warm-up").isEqualTo(200);
        List<Socket> partial = stall(100, PARTIAL_HEADERS);
        stall(100, "");
        stall(100, PARTIAL_LINE);

        long started = System.nanoTime();
        Reply ready = probe("/health/ready");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("UP: ready\n");
        assertThat(took).as("/health/ready with 300 stalled clients").isLessThan(Duration.ofSeconds(1));
        assertThat(probe("/health/live").status()).isEqualTo(200);
        HttpClient http = HttpClient.newBuilder().connectTimeout(PATIENCE).build();
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics")).timeout(PATIENCE).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("iotstream_test_events_total 3.0");

        // The stalled clients were kept waiting, not dropped: one that finally ends its request is answered.
        Socket late = partial.get(0);
        late.getOutputStream().write(bytes("\r\n"));
        assertThat(read(late, false).body()).isEqualTo("UP: ready\n");
    }

    @Test
    void shouldCloseStalledClientsOnceTheirReadTimeoutHasPassed() throws Exception {
        start(ServerLimits.DEFAULT.withReadTimeout(SHORT));
        long started = System.nanoTime();
        List<Socket> stalled = List.of(stall(PARTIAL_HEADERS), stall(""), stall(PARTIAL_LINE));

        for (Socket client : stalled) {
            assertThat(closedByServer(client)).as("closed by the server").isTrue();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("not before the read timeout")
                .isGreaterThanOrEqualTo(SHORT);
        assertThat(probe("/health/ready").status()).isEqualTo(200);
    }

    @Test
    void shouldNotLetAClientExtendItsTimeByDribbling() throws Exception {
        start(ServerLimits.DEFAULT.withReadTimeout(SHORT));
        long started = System.nanoTime();
        Socket dribbler = connect();
        dribbler.getOutputStream().write(bytes(PARTIAL_HEADERS + "X-Slow: "));
        dribbler.setSoTimeout(50);
        boolean closed = false;
        while (!closed && System.nanoTime() - started < PATIENCE.toNanos()) {
            try {
                dribbler.getOutputStream().write('x');
                closed = dribbler.getInputStream().read() == -1;
            } catch (SocketTimeoutException e) {
                // still open and silent: one more byte
            } catch (SocketException e) {
                closed = true; // reset: our last byte arrived after the server had closed
            }
        }

        assertThat(closed).as("closed although it kept sending").isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(SHORT);
    }

    @Test
    void shouldHoldTheConnectionLimitByClosingTheClientsThatWaitedLongest() throws Exception {
        start(ServerLimits.DEFAULT.withReadTimeout(LONG).withMaxConnections(4));
        List<Socket> stalled = stall(10, PARTIAL_HEADERS);

        for (Socket oldest : stalled.subList(0, 6)) {
            assertThat(closedByServer(oldest)).as("closed to make room").isTrue();
        }
        assertThat(probe("/health/ready").status()).as("a probe beyond the limit").isEqualTo(200);
        assertThat(closedByServer(stalled.get(6))).as("closed to make room for the probe").isTrue();
        for (Socket newest : stalled.subList(7, 10)) {
            newest.getOutputStream().write(bytes("\r\n"));
            assertThat(read(newest, false).status()).as("still open, and answered").isEqualTo(200);
        }
    }

    @Test
    void shouldCloseNewcomersAtOnceWhileEveryConnectionIsBeingAnswered() throws Exception {
        CountDownLatch entered = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        Supplier<Health> slowReadiness = () -> {
            entered.countDown();
            try {
                return release.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS) ? Health.up("ready")
                        : Health.down("not released");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Health.down("interrupted");
            }
        };
        endpoint = OperatorEndpoint.start("127.0.0.1", 0, () -> Health.up("alive"), slowReadiness, registry,
                ServerLimits.DEFAULT.withReadTimeout(LONG).withMaxConnections(2));
        List<Socket> busy = stall(2, PARTIAL_HEADERS + "\r\n");
        assertThat(entered.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).as("both being answered").isTrue();

        Socket newcomer = connect();
        assertThat(closedByServer(newcomer)).as("closed at once, not queued").isTrue();
        release.countDown();
        for (Socket client : busy) {
            assertThat(read(client, false).body()).isEqualTo("UP: ready\n");
        }
    }

    @Test
    void shouldKeepConnectionsAliveAcrossRequests() throws Exception {
        start(ServerLimits.DEFAULT.withReadTimeout(LONG));
        Socket client = connect();
        send(client, "GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n");
        Reply live = read(client, false);
        assertThat(live.status()).isEqualTo(200);
        assertThat(live.body()).isEqualTo("UP: alive\n");
        assertThat(live.headers()).doesNotContainKey("connection");

        send(client, "HEAD /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
        Reply head = read(client, true);
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.headers()).containsEntry("content-type", "text/plain; version=0.0.4; charset=utf-8");
        assertThat(Integer.parseInt(head.headers().get("content-length"))).isPositive();

        send(client, "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\nGET /nothing HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(read(client, false).body()).as("pipelined, first").contains("iotstream_test_events_total 3.0");
        assertThat(read(client, false).status()).as("pipelined, second").isEqualTo(404);

        send(client, "GET /health/ready HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        Reply last = read(client, false);
        assertThat(last.status()).isEqualTo(200);
        assertThat(last.headers()).containsEntry("connection", "close");
        assertThat(closedByServer(client)).isTrue();
    }

    @Test
    void shouldKeepHttp10ConnectionsAliveOnlyWhenAsked() throws Exception {
        start(ServerLimits.DEFAULT.withReadTimeout(LONG));
        Socket keptAlive = connect();
        send(keptAlive, "GET /health/live HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        assertThat(read(keptAlive, false).headers()).containsEntry("connection", "keep-alive");
        send(keptAlive, "GET /health/live HTTP/1.0\r\n\r\n");
        Reply closing = read(keptAlive, false);
        assertThat(closing.status()).isEqualTo(200);
        assertThat(closing.headers()).containsEntry("connection", "close");
        assertThat(closedByServer(keptAlive)).isTrue();
    }

    @Test
    void shouldAnswerARequestWithABodyAndCloseCleanly() throws Exception {
        start(ServerLimits.DEFAULT.withReadTimeout(LONG));
        Socket client = connect();
        send(client, "POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nreset=true");
        Reply refused = read(client, false);
        assertThat(refused.status()).isEqualTo(405);
        assertThat(refused.headers()).containsEntry("allow", "GET, HEAD").containsEntry("connection", "close");
        assertThat(closedByServer(client)).as("the body is never taken for a request").isTrue();
    }

    static Stream<Arguments> malformedRequests() {
        return Stream.of(
                Arguments.of("bare LF line ends", "GET /health/ready HTTP/1.1\nHost: x\n\n", 400),
                Arguments.of("no Host in HTTP/1.1", "GET /health/ready HTTP/1.1\r\n\r\n", 400),
                Arguments.of("two Hosts", "GET /health/ready HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n", 400),
                Arguments.of("folded header", PARTIAL_HEADERS + " folded\r\n\r\n", 400),
                Arguments.of("space before colon", "GET /health/ready HTTP/1.1\r\nHost : x\r\n\r\n", 400),
                Arguments.of("length and chunked", "POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n", 400),
                Arguments.of("two spaces in request line", "GET  /health/ready HTTP/1.1\r\nHost: x\r\n\r\n", 400),
                Arguments.of("HTTP/2 request line", "GET /health/ready HTTP/2.0\r\nHost: x\r\n\r\n", 505));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedRequests")
    void shouldRefuseMalformedRequestsAndClose(String what, String request, int status) throws Exception {
        start(ServerLimits.DEFAULT.withReadTimeout(LONG));
        Socket client = connect();
        send(client, request);
        assertThat(read(client, false).status()).isEqualTo(status);
        assertThat(closedByServer(client)).isTrue();
    }

    @Test
    void shouldRefuseHeadsLargerThanTheLimit() throws Exception {
        start(ServerLimits.DEFAULT.withReadTimeout(LONG));
        int limit = ServerLimits.DEFAULT.maxHeadBytes();
        Socket longLine = connect();
        send(longLine, "GET /" + "a".repeat(limit));
        assertThat(read(longLine, false).status()).isEqualTo(414);
        assertThat(closedByServer(longLine)).isTrue();
        Socket largeHead = connect();
        send(largeHead, PARTIAL_HEADERS + "X-Big: " + "b".repeat(limit));
        assertThat(read(largeHead, false).status()).isEqualTo(431);
        assertThat(closedByServer(largeHead)).isTrue();
    }

    private void start(ServerLimits limits) {
        Counter.builder("iotstream_test_events").register(registry).increment(3);
        endpoint = OperatorEndpoint.start("127.0.0.1", 0, () -> Health.up("alive"), () -> Health.up("ready"),
                registry, limits);
    }

    /** A new connection, as kubelet makes for each probe, asking for {@code path} once. */
    private Reply probe(String path) throws IOException {
        try (Socket client = connect()) {
            send(client, "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            return read(client, false);
        }
    }

    private List<Socket> stall(int count, String sent) throws IOException {
        List<Socket> stalled = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            stalled.add(stall(sent));
        }
        return stalled;
    }

    private Socket stall(String sent) throws IOException {
        Socket client = connect();
        send(client, sent);
        return client;
    }

    private Socket connect() throws IOException {
        Socket client = new Socket();
        clients.add(client);
        client.connect(new InetSocketAddress("127.0.0.1", endpoint.port()), (int) PATIENCE.toMillis());
        client.setSoTimeout((int) PATIENCE.toMillis());
        return client;
    }

    private static void send(Socket client, String text) throws IOException {
        client.getOutputStream().write(bytes(text));
        client.getOutputStream().flush();
    }

    /** Whether the server closes the connection (an orderly end of stream) within {@link #PATIENCE}. */
    private static boolean closedByServer(Socket client) throws IOException {
        client.setSoTimeout((int) PATIENCE.toMillis());
        try {
            InputStream in = client.getInputStream();
            while (in.read() != -1) {
                // what a response still had
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    private static Reply read(Socket client, boolean head) throws IOException {
        InputStream in = client.getInputStream();
        String statusLine = line(in);
        Map<String, String> headers = new HashMap<>();
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        int length = head ? 0 : Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            throw new EOFException("body cut short");
        }
        return new Reply(Integer.parseInt(statusLine.split(" ")[1]), headers,
                new String(body, StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b == -1) {
                throw new EOFException("closed in the middle of a response");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        assertThat(text).as("line ends with CRLF").endsWith("\r");
        return text.substring(0, text.length() - 1);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private record Reply(int status, Map<String, String> headers, String body) {
    }
}
