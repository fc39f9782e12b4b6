/**
 * Peer A of {@code ./iotstream bench}: Spark Structured Streaming reading the benchmark's preloaded
 * {@code SensorReading}s from Kafka and scoring them with a Spark MLlib {@code LogisticRegressionModel} that has the
 * scorer's weights, with the same per-device latest-value state. Run as a child JVM by the bench module
 * ({@code SparkPeer}), which parses the {@code result} lines this prints.
 */
package io.iotstream.bench.spark;
