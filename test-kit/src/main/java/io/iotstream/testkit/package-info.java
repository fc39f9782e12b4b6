/**
 * The JUnit helpers the modules' tests share, on top of {@code io.iotstream.devservices}: {@link
 * io.iotstream.testkit.CommandRun} runs a command in-process as a user would, {@link
 * io.iotstream.testkit.Prerequisite} skips on a developer's machine and fails in CI. Test scope only.
 */
package io.iotstream.testkit;
