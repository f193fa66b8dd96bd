package dev.lmaas.platform.tenant;

/** Where console and admin actions are recorded (the audit log implements it). */
public interface ActivityLog {

    void record(Actor actor, TenantId tenant, String action, String targetType, String targetId);

    /**
     * An action its actor confirmed with a reason (suspending a tenant, rotating a key with no grace period). The audit
     * log keeps the reason in the record; a log that keeps no reasons (a test's list of actions) records the action alone.
     */
    default void record(Actor actor, TenantId tenant, String action, String targetType, String targetId, String reason) {
        record(actor, tenant, action, targetType, targetId);
    }
}
