/**
 * The local stack: Kafka (KRaft), S3Proxy and a schema registry on 127.0.0.1, each in its own background process
 * ({@link io.iotstream.stack.StackService}), managed by {@link io.iotstream.stack.Stack} ({@code ./iotstream stack
 * up|down|status}). A developer tool built on dev-services' starters; nothing deployable depends on it.
 */
package io.iotstream.stack;
