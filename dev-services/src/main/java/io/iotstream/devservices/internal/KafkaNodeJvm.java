package io.iotstream.devservices.internal;

import io.iotstream.devservices.process.ChildProcess;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The child JVM of one Kafka node ({@link KafkaServerMain} on this JVM's class path), for a single broker and for
 * each node of a cluster alike: quiet client logging, timestamps in its log, its temp files in its own folder.
 */
public final class KafkaNodeJvm {

    private KafkaNodeJvm() {
    }

    /**
     * Starts the node; the caller waits until it answers.
     *
     * @param heap the JVM's memory and compiler options, e.g. {@code -Xmx512m}
     * @param dir the node's folder: its working directory and temp folder
     * @param properties its {@code server.properties}
     * @param formatOptions extra {@code kafka-storage format} options (e.g. the SCRAM user)
     */
    public static ChildProcess start(String name, List<String> heap, Path dir, Path properties, String clusterId,
            Path logDir, List<String> formatOptions, Path logFile) {
        List<String> jvm = new ArrayList<>(heap);
        jvm.addAll(List.of("-XX:+UseSerialGC", "-Djava.awt.headless=true", "-Djava.io.tmpdir=" + dir,
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS",
                "-Dorg.slf4j.simpleLogger.log.org.apache.kafka.clients=warn",
                "-Dorg.slf4j.simpleLogger.log.org.apache.kafka.common.config=warn"));
        List<String> args = new ArrayList<>(List.of(properties.toString(), clusterId, logDir.toString()));
        args.addAll(formatOptions);
        List<String> classpath = List.of(System.getProperty("java.class.path").split(File.pathSeparator));
        return ChildProcess.watchedJava(ChildProcess.thisJava(), jvm, classpath, KafkaServerMain.class.getName(), args)
                .name(name).directory(dir).logFile(logFile).start();
    }
}
