-- owner: tenant-admin. Members and roles (issue 18): an organization (tenant) has members, each with one role.
-- console_users.role now says only what kind of account it is: a tenant's member (CUSTOMER) or a platform admin
-- (ADMIN); a member's role in its organization is member_role. Every existing tenant user was its tenant's one
-- owner, so it becomes an owner.
ALTER TABLE console_users DROP CONSTRAINT console_users_role_check;
UPDATE console_users SET role = 'CUSTOMER' WHERE role = 'CUSTOMER_OWNER';
ALTER TABLE console_users ADD CONSTRAINT console_users_role_check CHECK (role IN ('CUSTOMER', 'ADMIN'));

ALTER TABLE console_users ADD COLUMN member_role text
    CHECK (member_role IN ('owner', 'admin', 'developer', 'billing', 'viewer'));
UPDATE console_users SET member_role = 'owner' WHERE role = 'CUSTOMER';
-- A member has a tenant and a role; a platform admin has neither.
ALTER TABLE console_users ADD CONSTRAINT console_users_member CHECK (
    (role = 'CUSTOMER' AND tenant_id IS NOT NULL AND member_role IS NOT NULL)
    OR (role = 'ADMIN' AND tenant_id IS NULL AND member_role IS NULL));

-- Keys belong to the organization and outlive the member who made them: who created a key is kept as the
-- member's id (no foreign key: removing the member keeps the key) and what people saw of them (their email,
-- or the admin key's prefix for keys made through the admin API). Keys made before this migration show none.
ALTER TABLE api_keys ADD COLUMN created_by uuid;
ALTER TABLE api_keys ADD COLUMN created_by_label text;
