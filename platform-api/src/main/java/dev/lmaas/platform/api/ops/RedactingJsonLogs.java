package dev.lmaas.platform.api.ops;

import org.springframework.boot.json.JsonWriter;
import org.springframework.boot.logging.structured.StructuredLoggingJsonMembersCustomizer;

/**
 * JSON logs ({@code LMAAS_LOG_FORMAT}) mask secrets as the text lines do: every string value of an event (message,
 * MDC fields, stack trace) goes through {@link RedactingMessageConverter#redact}. Named by
 * {@code logging.structured.json.customizer} in {@code application.yaml}.
 */
public class RedactingJsonLogs implements StructuredLoggingJsonMembersCustomizer<Object> {

    @Override
    public void customize(JsonWriter.Members<Object> members) {
        members.applyingValueProcessor(JsonWriter.ValueProcessor.of(String.class, RedactingMessageConverter::redact));
    }
}
