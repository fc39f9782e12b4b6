package io.iotstream.scoring.errors;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * Sends records that do not decode to the dead-letter topic (KIP-1034: Kafka Streams produces the returned
 * records itself, in the same transaction as the input offsets under exactly-once) with the original bytes and
 * {@code iotstream.dlq.*} headers, counts them, and continues. Unlike Kafka's {@code LogAndContinueExceptionHandler}
 * it logs nothing per record: the count is in the metrics and the interval log line.
 *
 * <p>A safety net: the scorer's input sources pass raw bytes and the processor decodes them (see
 * {@code DeviceScoringProcessor}), so this handler only sees failures of sources Kafka Streams decodes itself.
 */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {

    private HandlerSettings settings;

    @Override
    public void configure(Map<String, ?> configs) {
        settings = HandlerSettings.from(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
            Exception exception) {
        settings.metrics.recordError(DeadLetterReason.UNDECODABLE);
        return Response.resume(List.of(DeadLetters.record(settings.deadLetterTopic, record.key(), record.value(),
                record.topic(), record.partition(), record.offset(), DeadLetterReason.UNDECODABLE,
                DeadLetters.STAGE_DESERIALIZE, exception, settings.modelId())));
    }
}
