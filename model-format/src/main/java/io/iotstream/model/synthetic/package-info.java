/**
 * The synthetic world of the original IoT Analytics Benchmark, shared by the training-data generator
 * ({@code iotgen}) and the simulator so that both label data by exactly the same rule and never reuse each
 * other's random streams.
 */
package io.iotstream.model.synthetic;
