package dev.lmaas.platform.tenant.account;

import dev.lmaas.platform.tenant.TenantStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A customer organisation: owns users, keys, usage and a plan. */
@Entity
@Table(name = "tenants")
public class Tenant {

    @Id
    private UUID id;
    private String name;
    private String status;
    @Column(name = "plan_id")
    private String planId;
    @Column(name = "default_model")
    private String defaultModel;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "updated_at")
    private Instant updatedAt;
    private String retention = "none";
    @Column(name = "retention_days")
    private Integer retentionDays;
    @Column(name = "deleted_at")
    private Instant deletedAt;

    protected Tenant() {
    }

    public Tenant(UUID id, String name, String planId) {
        this.id = id;
        this.name = name;
        this.planId = planId;
        this.status = TenantStatus.ACTIVE.dbValue();
        this.createdAt = Instant.now();
        this.updatedAt = createdAt;
    }

    public UUID getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public TenantStatus getStatus() {
        return TenantStatus.fromDb(status);
    }

    public String getPlanId() {
        return planId;
    }

    public String getDefaultModel() {
        return defaultModel;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public String getRetention() {
        return retention;
    }

    public Integer getRetentionDays() {
        return retentionDays;
    }

    void setRetention(String retention, Integer days) {
        this.retention = retention;
        this.retentionDays = days;
        this.updatedAt = Instant.now();
    }

    void markDeleted() {
        this.status = TenantStatus.DELETED.dbValue();
        this.deletedAt = Instant.now();
        this.updatedAt = deletedAt;
    }

    void setStatus(TenantStatus status) {
        this.status = status.dbValue();
        this.updatedAt = Instant.now();
    }

    void setPlanId(String planId) {
        this.planId = planId;
        this.updatedAt = Instant.now();
    }

    void setDefaultModel(String defaultModel) {
        this.defaultModel = defaultModel;
        this.updatedAt = Instant.now();
    }

    void setName(String name) {
        this.name = name;
        this.updatedAt = Instant.now();
    }
}
