package dev.lmaas.platform.tenant;

/** Where console and admin actions are recorded (the audit log implements it). */
public interface ActivityLog {

    void record(Actor actor, TenantId tenant, String action, String targetType, String targetId);
}
