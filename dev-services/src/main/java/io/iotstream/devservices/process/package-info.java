/**
 * Child processes: {@link io.iotstream.devservices.process.ChildProcess} starts and watches one (log file or line
 * consumer, time limits, graceful stop, the log's tail in failures), for the dev services, the local stack, the
 * demo, the bench and the tests that run our commands as a user would.
 *
 * <pre>{@code
 * ChildProcess child = ChildProcess.command("bin/iotstream-training", "gen", "1000", "10", "2", "/tmp/gen")
 *         .name("iotgen").environment(Map.of("JAVA_OPTS", "-Xmx1g")).logFile(log).start();
 * child.awaitSuccess(Duration.ofMinutes(5)); // throws with the log's tail on failure or past the limit
 * }</pre>
 */
package io.iotstream.devservices.process;
