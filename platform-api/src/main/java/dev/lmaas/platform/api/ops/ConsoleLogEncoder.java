package dev.lmaas.platform.api.ops;

import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.logging.logback.StructuredLogEncoder;

/**
 * The console's one encoder ({@code logback-spring.xml}): lines in Spring Boot's pattern, which prints the request id
 * and masks secrets ({@link RedactingMessageConverter}), or, when {@code format} names one of Spring Boot's structured
 * formats ({@code ecs}, {@code logstash}, {@code gelf}; {@code LMAAS_LOG_FORMAT}), one JSON object a line in it, with
 * the MDC (the request id) as fields and secrets masked by {@link RedactingJsonLogs}. Choosing here keeps the
 * configuration free of conditionals (logback needs Janino for those).
 */
public class ConsoleLogEncoder extends EncoderBase<ILoggingEvent> {

    private String format;
    private String pattern;
    private Charset charset = StandardCharsets.UTF_8;
    private Encoder<ILoggingEvent> delegate;

    public void setFormat(String format) {
        this.format = format;
    }

    public void setPattern(String pattern) {
        this.pattern = pattern;
    }

    public void setCharset(Charset charset) {
        this.charset = charset;
    }

    /** True when the lines are JSON: any format but none, empty or {@code text}. */
    boolean structured() {
        return format != null && !format.isBlank() && !format.strip().equalsIgnoreCase("text");
    }

    @Override
    public void start() {
        if (structured()) {
            StructuredLogEncoder json = new StructuredLogEncoder();
            json.setFormat(format.strip());
            json.setCharset(charset);
            delegate = json;
        } else {
            PatternLayoutEncoder text = new PatternLayoutEncoder();
            text.setPattern(pattern);
            text.setCharset(charset);
            delegate = text;
        }
        delegate.setContext(getContext());
        delegate.start();
        super.start();
    }

    @Override
    public void stop() {
        if (delegate != null) {
            delegate.stop();
        }
        super.stop();
    }

    @Override
    public byte[] headerBytes() {
        return delegate.headerBytes();
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        return delegate.encode(event);
    }

    @Override
    public byte[] footerBytes() {
        return delegate.footerBytes();
    }
}
