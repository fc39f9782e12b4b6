package io.iotstream.devservices.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.apache.kafka.common.Uuid;

/**
 * A test node's {@code server.properties}: a KRaft node (broker and controller in one process) sized for two shared
 * cores, alone or one of a quorum, its listeners (plaintext, or SASL_SSL for clients with an internal plaintext
 * listener for the broker itself), and the storage format options that create the SCRAM user before the first start.
 *
 * @param dir the broker's folder (TLS material goes to {@code tls/} in it)
 * @param logDir the data folder
 * @param brokerPort the client listener's port
 * @param controllerPort the controller listener's port
 * @param internalPort the internal plaintext listener's port of a SASL_SSL broker, else -1
 * @param saslSsl whether clients speak SASL_SSL
 * @param scramUsername the SCRAM user clients log in as
 * @param scramPassword its password
 * @param truststorePassword the password of the client trust store
 * @param nodeId this node's id in the quorum
 * @param quorumVoters {@code controller.quorum.voters}: every controller, {@code id@host:port,...}
 * @param replication the replication of the internal topics (offsets, transactions): the cluster's size, up to 3
 */
public record BrokerServerConfig(Path dir, Path logDir, int brokerPort, int controllerPort, int internalPort,
        boolean saslSsl, String scramUsername, String scramPassword, String truststorePassword, int nodeId,
        String quorumVoters, int replication) {

    /** A single node: its own quorum, internal topics with one replica. */
    public BrokerServerConfig(Path dir, Path logDir, int brokerPort, int controllerPort, int internalPort,
            boolean saslSsl, String scramUsername, String scramPassword, String truststorePassword) {
        this(dir, logDir, brokerPort, controllerPort, internalPort, saslSsl, scramUsername, scramPassword,
                truststorePassword, 1, "1@127.0.0.1:" + controllerPort, 1);
    }

    public static final String SCRAM_MECHANISM = "SCRAM-SHA-512";

    /**
     * Writes the properties to {@code file}; for a SASL_SSL broker, first makes its certificates.
     *
     * @return the certificates of a SASL_SSL broker, else null
     */
    public TestCertificates write(Path file) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", String.valueOf(nodeId));
        p.setProperty("controller.quorum.voters", quorumVoters);
        p.setProperty("controller.listener.names", "CONTROLLER");
        TestCertificates certificates = null;
        if (saslSsl) {
            certificates = secureClientListener(p);
        } else {
            p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:"
                    + controllerPort);
            p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
            p.setProperty("inter.broker.listener.name", "PLAINTEXT");
            p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        }
        p.setProperty("log.dirs", logDir.toString());
        p.setProperty("num.partitions", "1");
        // Internal topics with the cluster's replication, and one partition each so that they are created fast; a
        // cluster keeps producing with one node down (min.insync one below the replication).
        String rf = String.valueOf(replication);
        String minIsr = String.valueOf(Math.max(1, replication - 1));
        p.setProperty("default.replication.factor", rf);
        p.setProperty("min.insync.replicas", "1");
        p.setProperty("offsets.topic.replication.factor", rf);
        p.setProperty("offsets.topic.num.partitions", "1");
        p.setProperty("transaction.state.log.replication.factor", rf);
        p.setProperty("transaction.state.log.min.isr", minIsr);
        p.setProperty("transaction.state.log.num.partitions", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", rf);
        p.setProperty("share.coordinator.state.topic.min.isr", minIsr);
        p.setProperty("share.coordinator.state.topic.num.partitions", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // Streams groups (KIP-1071, group.protocol=streams) as the tests' classic members have them: a 6 s session
        // (the classic one comes from the client's session.timeout.ms), 1 s heartbeats, no initial delay. The
        // broker's defaults (45 s, 5 s, 3 s) would make every takeover in a test wait most of a minute.
        p.setProperty("group.streams.min.session.timeout.ms", "6000");
        p.setProperty("group.streams.session.timeout.ms", "6000");
        p.setProperty("group.streams.min.heartbeat.interval.ms", "1000");
        p.setProperty("group.streams.heartbeat.interval.ms", "1000");
        p.setProperty("group.streams.initial.rebalance.delay.ms", "0");
        // After a kill, the restarted broker cannot register until the controller expires its old session
        // (default 9 s); a short session makes restart() quick. Still long enough for GC pauses on a busy box.
        p.setProperty("broker.heartbeat.interval.ms", "500");
        p.setProperty("broker.session.timeout.ms", "3000");
        // two shared cores and a small heap: fewer threads, a small cleaner buffer (the default takes 128 MiB)
        p.setProperty("num.network.threads", "2");
        p.setProperty("num.io.threads", "2");
        p.setProperty("background.threads", "2");
        p.setProperty("log.cleaner.threads", "1");
        p.setProperty("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
        p.setProperty("auto.create.topics.enable", "true");
        try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(out, "IoTStream test node " + nodeId);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + file, e);
        }
        return certificates;
    }

    /** Extra {@code kafka-storage format} options: the SCRAM user, created before the broker first starts. */
    public List<String> formatOptions() {
        return saslSsl
                ? List.of("--add-scram", SCRAM_MECHANISM + "=[name=" + scramUsername + ",password=" + scramPassword
                        + "]")
                : List.of();
    }

    /** Where the broker's own clients (and the test helpers' admin) connect: never the client listener. */
    public String internalBootstrap() {
        return "127.0.0.1:" + (saslSsl ? internalPort : brokerPort);
    }

    /**
     * Clients on SASL_SSL (SCRAM-SHA-512, TLS with the test CA's certificate); the broker's own traffic on an
     * internal plaintext listener, so that only the client side is under test.
     */
    private TestCertificates secureClientListener(Properties p) {
        Path tls = dir.resolve("tls");
        try {
            Files.createDirectories(tls);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create " + tls, e);
        }
        TestCertificates certificates = TestCertificates.create(tls, "keystore-" + Uuid.randomUuid(),
                truststorePassword);
        p.setProperty("listeners", "SASL_SSL://127.0.0.1:" + brokerPort + ",INTERNAL://127.0.0.1:" + internalPort
                + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "SASL_SSL://127.0.0.1:" + brokerPort + ",INTERNAL://127.0.0.1:"
                + internalPort);
        p.setProperty("inter.broker.listener.name", "INTERNAL");
        p.setProperty("listener.security.protocol.map", "SASL_SSL:SASL_SSL,INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("sasl.enabled.mechanisms", SCRAM_MECHANISM);
        // SCRAM needs a login module on the broker side too; the users come from the metadata log (--add-scram).
        p.setProperty("listener.name.sasl_ssl." + SCRAM_MECHANISM.toLowerCase(Locale.ROOT)
                + ".sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        p.setProperty("listener.name.sasl_ssl.ssl.keystore.type", "PKCS12");
        p.setProperty("listener.name.sasl_ssl.ssl.keystore.location", certificates.keystore().toString());
        p.setProperty("listener.name.sasl_ssl.ssl.keystore.password", certificates.keystorePassword());
        p.setProperty("listener.name.sasl_ssl.ssl.key.password", certificates.keystorePassword());
        p.setProperty("listener.name.sasl_ssl.ssl.client.auth", "none");
        return certificates;
    }
}
