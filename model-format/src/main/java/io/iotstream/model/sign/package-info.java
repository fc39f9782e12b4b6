/**
 * Signed models: training signs each artifact with an Ed25519 key (from the JDK, no extra dependency), the
 * signature travels beside the artifact ({@code model.sig} in the store), and scorers trust only the public keys
 * they are given. A tampered, unsigned or foreign-signed model never decides anything.
 */
package io.iotstream.model.sign;
