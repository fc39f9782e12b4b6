/**
 * {@code ./iotstream demo}: the whole system on the local stack in one command. {@link
 * io.iotstream.stack.demo.DemoPlan} turns the typed {@link io.iotstream.stack.demo.DemoConfig} into the commands
 * of each step (pure); {@link io.iotstream.stack.demo.DemoRun} runs them as child processes of the launcher and
 * watches the alerts.
 */
package io.iotstream.stack.demo;
