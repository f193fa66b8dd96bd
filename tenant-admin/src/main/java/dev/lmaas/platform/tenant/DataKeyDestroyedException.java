package dev.lmaas.platform.tenant;

/** The tenant's data key was destroyed (the tenant was deleted): its stored payloads are unreadable for good. */
public class DataKeyDestroyedException extends RuntimeException {

    public DataKeyDestroyedException(TenantId tenant) {
        super("the data key of tenant " + tenant + " was destroyed");
    }
}
