package dev.lmaas.platform.tenant.account;

import dev.lmaas.platform.tenant.SuspensionCause;
import dev.lmaas.platform.tenant.TenantStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
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
    @Column(name = "suspended_by_admin")
    private boolean suspendedByAdmin;
    @Column(name = "suspended_for_payment")
    private boolean suspendedForPayment;

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

    /** The causes of the current suspension; empty when the tenant is not suspended. */
    public Set<SuspensionCause> getSuspensionCauses() {
        EnumSet<SuspensionCause> causes = EnumSet.noneOf(SuspensionCause.class);
        if (suspendedByAdmin) {
            causes.add(SuspensionCause.ADMIN);
        }
        if (suspendedForPayment) {
            causes.add(SuspensionCause.PAYMENT);
        }
        return causes;
    }

    /** Sets or clears one cause; the status follows: suspended while any cause holds. */
    void setSuspended(SuspensionCause cause, boolean on) {
        switch (cause) {
            case ADMIN -> suspendedByAdmin = on;
            case PAYMENT -> suspendedForPayment = on;
        }
        this.status = (suspendedByAdmin || suspendedForPayment ? TenantStatus.SUSPENDED : TenantStatus.ACTIVE).dbValue();
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
