-- owner: tenant-admin (api_keys). A key may be granted budget:write (set the organization's budget through
-- PUT /v1/budget); it is never a default, so existing keys keep exactly what they had.
ALTER TABLE api_keys DROP CONSTRAINT api_keys_permissions_check;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_permissions_check
    CHECK (permissions <@ '{usage:read,audit:read,budget:write}'::text[]);
