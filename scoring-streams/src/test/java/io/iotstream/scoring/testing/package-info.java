/**
 * Test fixtures of the scorer that other modules' tests reuse (k8s, reliability): {@link ScorerProcess}, the
 * scorer in a child JVM, and {@link ScorerFixture}, its topics, model store and settings. Published in this
 * module's {@code test-jar} (only this package goes into it); depend on it with {@code <type>test-jar</type>} in
 * test scope.
 */
package io.iotstream.scoring.testing;
