package dev.lmaas.platform.tenant;

/** A key just issued or rotated: the only time its secret exists outside the caller's hands. */
public record IssuedKey(ApiKeyView key, String secret) {

    @Override
    public String toString() {
        return "IssuedKey[" + key + ", secret=<redacted>]";
    }
}
