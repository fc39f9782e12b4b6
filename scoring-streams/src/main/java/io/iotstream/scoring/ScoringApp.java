package io.iotstream.scoring;

import io.iotstream.model.store.ModelStore;
import io.iotstream.model.store.ModelStores;
import io.iotstream.model.store.StoreOptions;
import io.iotstream.scoring.metrics.Health;
import io.iotstream.scoring.metrics.IntervalLog;
import io.iotstream.scoring.metrics.OperatorEndpoint;
import io.iotstream.scoring.metrics.ScoringMetrics;
import io.iotstream.scoring.model.ModelHolder;
import io.iotstream.scoring.model.ModelPoller;
import io.iotstream.scoring.model.ScorerFactory;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running scorer instance: the operator endpoint, the model (loaded before anything else, then polled and
 * swapped live), Kafka Streams with the {@link ScoringTopology}, and the interval log line.
 *
 * <p>Start order: the endpoint answers at once (not ready, and why); the model is loaded, retried every few
 * seconds while the store is unreachable or has none; only then does Kafka Streams start, so no record is ever
 * processed without a model. A stream thread that dies of an unexpected exception (a bug) shuts the client down:
 * liveness fails and {@link #awaitTermination} returns, so the process exits and is restarted, and under
 * exactly-once nothing is lost.
 *
 * <p>Thread-safe; {@link #close()} is idempotent and commits and closes Kafka Streams within the shutdown timeout.
 */
public final class ScoringApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScoringApp.class);
    /** Retry pace while no model can be loaded at start, when polling is off. */
    private static final Duration START_RETRY = Duration.ofSeconds(5);

    private final ScoringConfig config;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ScoringMetrics metrics = new ScoringMetrics(registry);
    private final ModelStore store;
    private final ModelHolder models;
    private final OperatorEndpoint endpoint;
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final Thread starter;
    private volatile boolean closing;
    private volatile KafkaStreams streams;
    private volatile String failure;
    private ModelPoller poller;
    private KafkaStreamsMetrics streamsMetrics;
    private IntervalLog intervalLog;

    private ScoringApp(ScoringConfig config, StoreOptions storeOptions, Clock clock, ScorerFactory scorers) {
        this.config = config.requireScoringSettings();
        this.store = ModelStores.open(config.modelRef().store(), storeOptions);
        this.models = new ModelHolder(config.modelRef(), store, config.modelFeatures(), metrics, clock, scorers);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        try {
            this.endpoint = OperatorEndpoint.start(config.httpBindAddress(), config.httpPort(), this::liveness,
                    this::readiness, registry);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        this.starter = new Thread(this::startWhenModelLoaded, "iotstream-starter");
    }

    /**
     * Starts an instance: returns at once, with the endpoint up; Kafka Streams starts when a model is loaded.
     *
     * @param storeOptions how to reach the model store (S3 endpoint, credentials...)
     * @throws IllegalArgumentException if the model store location is unusable (before anything connects)
     */
    public static ScoringApp start(ScoringConfig config, StoreOptions storeOptions, Clock clock) {
        return start(config, storeOptions, clock, ScorerFactory.INCREMENTAL);
    }

    /**
     * Starts an instance that scores through {@code scorers} instead of the incremental margin: the seam the
     * benchmark uses to run this very application with a general PMML evaluator (docs/BENCHMARKS.md, "Peer B").
     */
    public static ScoringApp start(ScoringConfig config, StoreOptions storeOptions, Clock clock,
            ScorerFactory scorers) {
        ScoringApp app = new ScoringApp(Objects.requireNonNull(config, "config"),
                Objects.requireNonNull(storeOptions, "storeOptions"), Objects.requireNonNull(clock, "clock"),
                Objects.requireNonNull(scorers, "scorers"));
        app.starter.start();
        return app;
    }

    private void startWhenModelLoaded() {
        Duration retry = config.modelPollInterval().orElse(START_RETRY);
        LOG.info("Loading model {} before starting", config.modelRef());
        boolean told = false;
        while (!closing && !models.refresh("start")) {
            if (models.current() != null) {
                break;
            }
            if (!told) {
                LOG.info("Not ready until a model loads ({}); retrying every {} ms", models.notReadyReason().orElse("?"),
                        retry.toMillis());
                told = true;
            }
            try {
                Thread.sleep(retry.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
        // Outside the lock, as start() below: it asks the brokers, and close() must not wait for the answer.
        Optional<String> split = closing ? Optional.empty() : framesSplitFromInput();
        KafkaStreams ks;
        synchronized (this) {
            if (closing) {
                return;
            }
            if (split.isPresent()) {
                failure = split.get();
                LOG.error("Not starting: {}", failure);
                terminated.countDown();
                return;
            }
            config.modelPollInterval().ifPresent(every -> poller = ModelPoller.start(models, every));
            ks = new KafkaStreams(ScoringTopology.build(config, models, metrics),
                    ScoringTopology.streamsConfig(config, models, metrics));
            ks.setUncaughtExceptionHandler(e -> {
                failure = "a stream thread failed: " + e;
                LOG.error("Stream thread failed; shutting down (a restart resumes from the last commit)", e);
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            });
            ks.setStateListener((now, before) -> {
                LOG.info("Kafka Streams {} -> {}", before, now);
                if (now == KafkaStreams.State.ERROR || (now == KafkaStreams.State.NOT_RUNNING && !closing)) {
                    if (failure == null) {
                        failure = "Kafka Streams stopped (" + now + ")";
                    }
                    terminated.countDown();
                }
            });
            streamsMetrics = new KafkaStreamsMetrics(ks);
            streamsMetrics.bindTo(registry);
            intervalLog = IntervalLog.start(metrics, () -> String.valueOf(models.currentId()),
                    config.rules().interval());
            streams = ks;
        }
        // Outside the lock: start() blocks until the global model-events store has restored, which takes as long as
        // the brokers take to answer (up to the task timeout, 5 minutes); close() must not wait for it to finish.
        try {
            ks.start();
        } catch (IllegalStateException e) {
            if (!closing) {
                throw e;
            }
            // closed while starting: nothing left to do
        }
    }

    /** The co-partitioning check of the frames topic, when there is one (see {@link CoPartitioning}). */
    private Optional<String> framesSplitFromInput() {
        if (config.framesTopic().isEmpty()) {
            return Optional.empty();
        }
        try (Admin admin = Admin.create(config.adminConfig())) {
            return CoPartitioning.check(admin, config.inputTopic(), config.framesTopic().get(), Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** Liveness: down only when Kafka Streams has failed for good. */
    public Health liveness() {
        String f = failure;
        return f == null ? Health.up("alive") : Health.down(f);
    }

    /** Readiness: Kafka Streams running and a model serving; otherwise why not. */
    public Health readiness() {
        String f = failure;
        if (f != null) {
            return Health.down(f);
        }
        String registry = metrics.schemaRegistryOutage();
        if (registry != null) {
            return Health.down("waiting for the schema registry (records are retried, not dead-lettered): "
                    + registry);
        }
        var noModel = models.notReadyReason();
        if (noModel.isPresent()) {
            return Health.down("no model: " + noModel.get());
        }
        KafkaStreams ks = streams;
        if (ks == null) {
            return Health.down("starting");
        }
        KafkaStreams.State state = ks.state();
        return state == KafkaStreams.State.RUNNING
                ? Health.up("running, serving " + models.currentId())
                : Health.down("Kafka Streams is " + state + ", serving " + models.currentId());
    }

    /** The port of the operator endpoint. */
    public int httpPort() {
        return endpoint.port();
    }

    public ScoringMetrics metrics() {
        return metrics;
    }

    public ModelHolder models() {
        return models;
    }

    /** The Kafka Streams instance, once started (null before a model is loaded). */
    public KafkaStreams streams() {
        return streams;
    }

    /** Why the instance stopped on its own, or null. */
    public String failure() {
        return failure;
    }

    /** Blocks until the instance stops on its own (a failure) or is closed; true if it failed. */
    public boolean awaitTermination() throws InterruptedException {
        terminated.await();
        return failure != null && !closing;
    }

    /** Waits up to {@code timeout} for the instance to stop; true if it did. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return terminated.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops gracefully: commits and closes Kafka Streams (within {@code shutdown.timeout.ms}), then the rest. */
    @Override
    public void close() {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
        }
        starter.interrupt();
        KafkaStreams ks = streams;
        if (ks != null) {
            LOG.info("Shutting down: committing and closing Kafka Streams");
            // A dynamic member leaves the group at once so its partitions move now rather than after the session
            // timeout; a static member (group.instance.id) keeps its slot so a quick restart takes no rebalance.
            boolean staticMember = config.kafkaSettings().containsKey("group.instance.id");
            CloseOptions options = CloseOptions.timeout(config.shutdownTimeout()).withGroupMembershipOperation(
                    staticMember ? CloseOptions.GroupMembershipOperation.DEFAULT
                            : CloseOptions.GroupMembershipOperation.LEAVE_GROUP);
            if (!ks.close(options)) {
                LOG.warn("Kafka Streams did not close within {} ms (shutdown.timeout.ms)",
                        config.shutdownTimeout().toMillis());
            }
        }
        if (intervalLog != null) {
            intervalLog.close();
        }
        if (poller != null) {
            poller.close();
        }
        if (streamsMetrics != null) {
            streamsMetrics.close();
        }
        endpoint.close();
        store.close();
        terminated.countDown();
        LOG.info("Stopped");
    }
}
