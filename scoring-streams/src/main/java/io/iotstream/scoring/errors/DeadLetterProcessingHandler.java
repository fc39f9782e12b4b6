package io.iotstream.scoring.errors;

import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Sends records the scorer refused as {@link InvalidRecordException} (undecodable or invalid; the scorer decodes
 * its input itself) to the dead-letter topic (KIP-1034), with
 * the original bytes of the source record and {@code iotstream.dlq.*} headers, and continues.
 *
 * <p>Any other exception is a bug and stops the stream thread without committing (STYLE.md, "Error topics"). An
 * unreachable schema registry never gets here: the processor restarts its tasks itself (Kafka Streams passes its
 * {@code TaskMigratedException} by this handler), so the record is retried.
 */
public final class DeadLetterProcessingHandler implements ProcessingExceptionHandler {

    private HandlerSettings settings;

    @Override
    public void configure(Map<String, ?> configs) {
        settings = HandlerSettings.from(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (!(exception instanceof InvalidRecordException invalid)) {
            return Response.fail();
        }
        // Counted by the processor that refused it, with the rest of its transaction's work (committed work only).
        return Response.resume(List.of(DeadLetters.record(settings.deadLetterTopic, context.sourceRawKey(),
                context.sourceRawValue(), context.topic(), context.partition(), context.offset(), invalid.reason(),
                invalid.reason() == DeadLetterReason.UNDECODABLE ? DeadLetters.STAGE_DESERIALIZE
                        : DeadLetters.STAGE_VALIDATE, invalid, invalid.modelId())));
    }
}
