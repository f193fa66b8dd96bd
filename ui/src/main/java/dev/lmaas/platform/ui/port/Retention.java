package dev.lmaas.platform.ui.port;

/**
 * What is kept of a tenant's request payloads: nothing but hashes ({@code NONE}, the default), or
 * the payloads encrypted with the tenant's data key for {@code days} days.
 */
public record Retention(Mode mode, int days) {

    public static final Retention NONE = new Retention(Mode.NONE, 0);

    public enum Mode {
        NONE, ENCRYPTED
    }

    public Retention {
        if (mode == Mode.NONE) {
            days = 0;
        }
    }
}
