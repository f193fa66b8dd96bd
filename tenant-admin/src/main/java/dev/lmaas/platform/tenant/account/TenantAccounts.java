package dev.lmaas.platform.tenant.account;

import dev.lmaas.platform.tenant.SuspensionCause;
import org.springframework.stereotype.Component;

/** The only way the directory changes a tenant entity, keeping its setters package-private. */
@Component
public class TenantAccounts {

    public void suspend(Tenant tenant, SuspensionCause cause) {
        tenant.setSuspended(cause, true);
    }

    public void lift(Tenant tenant, SuspensionCause cause) {
        tenant.setSuspended(cause, false);
    }

    public void changePlan(Tenant tenant, String planId) {
        tenant.setPlanId(planId);
    }

    public void changeDefaultModel(Tenant tenant, String model) {
        tenant.setDefaultModel(model);
    }

    public void changeRetention(Tenant tenant, String retention, Integer days) {
        tenant.setRetention(retention, days);
    }

    public void markDeleted(Tenant tenant) {
        tenant.markDeleted();
    }

    public void setPassword(ConsoleUser user, String passwordHash) {
        user.setPasswordHash(passwordHash);
    }

    public void changeMemberRole(ConsoleUser user, dev.lmaas.platform.tenant.MemberRole role) {
        user.setMemberRole(role);
    }
}
