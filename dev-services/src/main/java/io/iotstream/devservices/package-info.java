/**
 * Real services for IoTStream's integration tests, one per JVM, and polling waits with deadlines.
 *
 * <ul>
 *   <li>{@link io.iotstream.devservices.KafkaBroker}: single-node KRaft Kafka in a child JVM;</li>
 *   <li>{@link io.iotstream.devservices.S3ProxyServer}: S3 API (S3Proxy) in this JVM, in-memory objects;</li>
 *   <li>{@link io.iotstream.devservices.ApicurioRegistry}: schema registry with the Confluent-compatible API,
 *       global compatibility BACKWARD, in a child JVM (Java 21+, see {@link io.iotstream.devservices.JavaHomes});</li>
 *   <li>{@link io.iotstream.devservices.Await}: wait for a condition with a description and a deadline.</li>
 * </ul>
 *
 * <p>Ordinary tests use {@code shared()}: started lazily once per test JVM, stopped by a shutdown hook, never
 * closed by tests. Tests that stop or restart a service take their own with {@code start()} and close it. Child
 * processes write to a log file in their temp dir ({@code logFile()}), whose tail is part of every start failure,
 * and die with the test JVM even when it is killed. A test that needs a service fails, never skips, when the
 * service cannot start.
 *
 * <pre>{@code
 * KafkaBroker kafka = KafkaBroker.shared();
 * kafka.createTopic("iot.readings.v1", 3, Map.of());
 * Await.until("alert for device-7 arrives", Duration.ofSeconds(30), () -> alerts.containsKey("device-7"));
 * }</pre>
 */
package io.iotstream.devservices;
