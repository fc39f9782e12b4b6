package io.iotstream.bench;

import io.iotstream.devservices.process.ChildProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Peer A: Spark Structured Streaming (bench-spark's {@code SparkPeerCommand}) in a child JVM with its own
 * classpath, since spark-sql-kafka brings kafka-clients 3.9.2. It reads the same preloaded topic and reports the
 * records and the seconds its micro-batches took; see that class for what each variant computes.
 */
final class SparkPeer {

    /**
     * What spark-submit adds on Java 17 (Spark reflects into JDK internals); the same list as
     * training-spark/bin/iotstream-training and training-spark's spark.java.options.
     */
    static final List<String> SPARK_JAVA_OPTIONS = List.of("-XX:+IgnoreUnrecognizedVMOptions",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED", "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
            "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "-Dio.netty.tryReflectionSetAccessible=true");

    private static final String MAIN = "io.iotstream.bench.spark.SparkPeerCommand";

    private final Workload w;
    private final BenchProgress progress;

    static final String STATEFUL = "Spark Structured Streaming + MLlib, per-device state, local[2]";
    static final String STATELESS = "Spark Structured Streaming, stateless (decode only), local[2]";

    SparkPeer(Workload w, BenchProgress progress) {
        this.w = w;
        this.progress = progress;
    }

    List<String> command(String... options) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ChildProcess.thisJava().toString());
        command.addAll(SPARK_JAVA_OPTIONS);
        command.add("-Xmx" + w.settings.childHeap());
        command.add("-XX:+UseParallelGC");
        command.addAll(List.of("-cp", classpath(w.settings.repoRoot()), MAIN, "--bootstrap-servers", w.servers,
                "--topic", w.input, "--model", w.modelJson().toString(), "--work-dir",
                w.work.resolve(w.unique("spark")).toString(), "--cores", "2", "--max-offsets-per-trigger",
                Long.toString(w.settings.sparkBatch())));
        Path kafkaConfig = w.kafkaConfigFile();
        if (kafkaConfig != null) {
            // By path: the settings may hold passwords, and a command line shows in ps.
            command.addAll(List.of("--kafka-config", kafkaConfig.toString()));
        }
        command.addAll(List.of(options));
        return command;
    }

    List<Result> run() throws IOException, InterruptedException {
        List<String> command = command("--variants", "stateful,stateless");
        Path log = w.work.resolve(w.unique("spark-peer") + ".log");
        progress.step("peer A: Spark Structured Streaming, local[2], %,d-record micro-batches (child JVM)",
                w.settings.sparkBatch());
        ChildProcess peer = ChildProcess.command(command).name("the Spark peer")
                .environment(Map.of("SPARK_LOCAL_IP", "127.0.0.1")).logFile(log).start();
        peer.awaitSuccess(Duration.ofMinutes(60));
        List<Result> rows = new ArrayList<>();
        String batches = String.format(java.util.Locale.ROOT, "%,d-record micro-batches", w.settings.sparkBatch());
        for (String line : peer.logText().lines().toList()) {
            String[] f = line.strip().split(" ");
            if (f.length == 4 && f[0].equals("result")) {
                long records = Long.parseLong(f[2]);
                double seconds = Double.parseDouble(f[3]);
                if (records != w.settings.events()) {
                    throw new IllegalStateException("the Spark peer read " + records + " records, not "
                            + w.settings.events() + "; see " + log);
                }
                boolean stateful = f[1].equals("stateful");
                rows.add(Result.rate("peer", stateful ? STATEFUL : STATELESS,
                        records / Math.max(seconds, 1e-9), stateful
                                ? "flatMapGroupsWithState, LogisticRegressionModel with the scorer's weights scoring "
                                        + "each updated device once per micro-batch, noop sink; " + batches
                                : "Kafka source + Avro decoding, noop sink; " + batches));
            }
        }
        if (rows.isEmpty()) {
            throw new IllegalStateException("the Spark peer printed no result; see " + log);
        }
        return rows;
    }

    /**
     * Spark's event-to-alert latency at the load the scorer's latency row had: the stateful pipeline in micro-batches
     * as fast as Spark runs them over a fresh topic that {@code feed} fills (the simulator at the same rate). Its
     * driver writes each micro-batch's alerts to a Kafka topic, and a consumer here takes each alert's latency as
     * the wall clock when it arrives minus the event time of the newest reading in its score, as for the scorer
     * (which writes in transactions, so its consumer reads committed only). The driver's own figure (when the alerts
     * reach it, before the Kafka write) goes in the note.
     *
     * @param warmUp how long the start of the feed is not timed
     * @param feed runs the simulator into the topic it is given, returning when it is done
     */
    Latency latency(String topic, Duration warmUp, Callable<String> feed) throws Exception {
        Path log = w.work.resolve("spark-latency.log");
        Path stop = w.work.resolve("spark-latency.stop");
        String alertsTopic = w.unique("bench-spark-latency-alerts");
        w.createTopic(alertsTopic);
        progress.step("latency: Spark Structured Streaming at the same load (child JVM; waiting for its query)");
        String offered;
        try (ArrivalTimer<Long> arrivals = ArrivalTimer.ofEventTimes(w, alertsTopic)) {
            ChildProcess peer = ChildProcess.command(command("--variants", "latency", "--latency-topic", topic,
                    "--alerts-topic", alertsTopic, "--stop-file", stop.toString()))
                    .name("the Spark latency peer").environment(Map.of("SPARK_LOCAL_IP", "127.0.0.1"))
                    .logFile(log).start();
            try {
                if (!peer.awaitLine("ready", Duration.ofMinutes(5))) {
                    throw new IllegalStateException(peer.describeFailure("the Spark latency query did not start"));
                }
                arrivals.feedStarts(warmUp);
                offered = feed.call();
                Files.createFile(stop);
            } catch (Exception e) {
                peer.kill();
                throw e;
            }
            peer.awaitSuccess(Duration.ofMinutes(10));
            LatencySamples samples = arrivals.stop(Duration.ofSeconds(2));
            for (String line : peer.logText().lines().toList()) {
                String[] f = line.strip().split(" ");
                if (f.length == 5 && f[0].equals("latency")) {
                    long alerts = Long.parseLong(f[1]);
                    if (alerts == 0) {
                        throw new IllegalStateException("the Spark latency peer saw no alert; see " + log);
                    }
                    String how = "flatMapGroupsWithState + MLlib, micro-batches as fast as Spark runs them, "
                            + "local[2]; " + offered + "; alerts read from Kafka (written by the driver, "
                            + "foreachBatch); at the driver, before that write: p50/p99/max " + f[2] + "/" + f[3]
                            + "/" + f[4] + " ms over all " + alerts + " alerts, warm-up included";
                    return new Latency(samples, samples.rows("Spark", how));
                }
            }
        }
        throw new IllegalStateException("the Spark latency peer printed no result; see " + log);
    }

    /** What the latency row measured: the alerts' latencies and the rows made of them. */
    record Latency(LatencySamples samples, List<Result> rows) {
    }

    /** bench-spark's jar and dependency classpath, as its package phase wrote them. */
    static String classpath(Path repoRoot) throws IOException {
        Path target = repoRoot.resolve("bench-spark").resolve("target");
        Path list = target.resolve("classpath.txt");
        Path jar = null;
        if (Files.isDirectory(target)) {
            try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, "iotstream-bench-spark-*.jar")) {
                for (Path p : jars) {
                    jar = p;
                }
            }
        }
        if (jar == null || !Files.isRegularFile(list)) {
            throw new IllegalArgumentException("the Spark peer is not built (no " + list + " or jar): run "
                    + "mvn -pl bench-spark -am -DskipTests install, or --skip spark");
        }
        return jar + java.io.File.pathSeparator + Files.readString(list, StandardCharsets.UTF_8).strip();
    }
}
