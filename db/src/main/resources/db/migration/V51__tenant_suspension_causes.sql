-- Tenant-admin (owns tenants): a suspension carries its cause, and each cause is lifted only by its own
-- side (an admin's by an admin, a payment suspension by a payment). The tenant is suspended while any
-- cause holds; tenant-admin's Java API keeps status and causes in step, and this check keeps them so.
ALTER TABLE tenants ADD COLUMN suspended_by_admin    boolean NOT NULL DEFAULT false,
                    ADD COLUMN suspended_for_payment boolean NOT NULL DEFAULT false;

-- One-time: give today's suspensions their cause. Billing marked its own (billing_customers is read
-- here once; from now on billing asks tenant-admin's API and never touches tenants).
UPDATE tenants t SET suspended_for_payment = true
 WHERE t.status = 'suspended'
   AND EXISTS (SELECT 1 FROM billing_customers c WHERE c.tenant_id = t.id AND c.suspended_by_billing);
UPDATE tenants SET suspended_by_admin = true WHERE status = 'suspended' AND NOT suspended_for_payment;

ALTER TABLE tenants ADD CONSTRAINT tenants_suspension_cause
    CHECK (status = 'deleted' OR (status = 'suspended') = (suspended_by_admin OR suspended_for_payment));

-- One-time: a payload retention longer than the tenant's plan now allows is cut to the plan's maximum
-- (none when the plan keeps no payloads). From now on tenant-admin refuses such a choice and cuts it
-- when a tenant moves to a smaller plan.
UPDATE tenants t SET retention = CASE WHEN p.max_retention_days = 0 THEN 'none' ELSE 'encrypted' END,
                     retention_days = CASE WHEN p.max_retention_days = 0 THEN NULL ELSE p.max_retention_days END,
                     updated_at = now()
  FROM plans p
 WHERE p.id = t.plan_id AND t.retention = 'encrypted' AND t.retention_days > p.max_retention_days;
