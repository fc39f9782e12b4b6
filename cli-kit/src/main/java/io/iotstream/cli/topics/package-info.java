/**
 * The deployment's topics as the topic catalogue ({@code io.iotstream.schemas.kafka.TopicCatalogue}) wants them:
 * the {@code topics create | check | describe} command, and the parts the scorer, simulator and bridge reuse for
 * their start-up check ({@link io.iotstream.cli.topics.TopicLayout}, {@link io.iotstream.cli.topics.ClusterTopics},
 * {@link io.iotstream.cli.topics.TopicRules}).
 */
package io.iotstream.cli.topics;
