/**
 * The operator tools: {@code model} ({@link io.iotstream.tools.model}) and {@code alerts}
 * ({@link io.iotstream.tools.alerts}). Each command is a picocli class whose {@code main} only wires the process's
 * environment and lifecycle; the work is done by code that tests call in-process.
 */
package io.iotstream.tools;
