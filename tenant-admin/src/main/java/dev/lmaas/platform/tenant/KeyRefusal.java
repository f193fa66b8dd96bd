package dev.lmaas.platform.tenant;

/** Why a presented key was refused, with the HTTP status and the stable error code of the tenant API. */
public enum KeyRefusal {
    MISSING(401, "invalid_api_key", "You didn't provide an API key. Send it as 'Authorization: Bearer lmk_...'."),
    MALFORMED(401, "invalid_api_key", "Incorrect API key provided: it is not a well-formed LMaaS key."),
    UNKNOWN(401, "invalid_api_key", "Incorrect API key provided."),
    REVOKED(401, "key_revoked", "This API key has been revoked."),
    EXPIRED(401, "key_expired", "This API key has expired."),
    TENANT_SUSPENDED(403, "tenant_suspended", "This account is suspended. Contact the platform operator.");

    private final int status;
    private final String code;
    private final String message;

    KeyRefusal(int status, String code, String message) {
        this.status = status;
        this.code = code;
        this.message = message;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** A message that never contains the presented key. */
    public String message() {
        return message;
    }
}
