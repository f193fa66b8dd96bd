package dev.lmaas.platform.tenant;

import java.util.Objects;
import java.util.UUID;

/** An API key's stable id: it survives rotation, so usage and audit stay attached to one key. */
public record ApiKeyId(UUID value) {

    public ApiKeyId {
        Objects.requireNonNull(value, "api key id");
    }

    public static ApiKeyId of(String value) {
        return new ApiKeyId(UUID.fromString(value));
    }

    public static ApiKeyId random() {
        return new ApiKeyId(UUID.randomUUID());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
