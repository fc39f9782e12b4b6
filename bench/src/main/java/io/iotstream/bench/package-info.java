/**
 * {@code ./iotstream bench}: IoTStream's scorer beside its ceilings (bare consumer, Avro decoding, a pass-through
 * Kafka Streams app) and beside the peers users would pick instead (Spark Structured Streaming with MLlib, a
 * general PMML evaluator in the same Kafka Streams topology), plus latency at a fixed offered rate and the batch
 * tools, all in one run on the same preloaded records. See docs/BENCHMARKS.md.
 */
package io.iotstream.bench;
