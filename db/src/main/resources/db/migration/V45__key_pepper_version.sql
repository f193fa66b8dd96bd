-- Which server pepper each stored key HMAC was computed under (KeyHasher.version(): a fingerprint of
-- the pepper, not the pepper). NULL: stored before versioning; set when the key is next used.
ALTER TABLE api_key_secrets ADD COLUMN pepper_version text;
ALTER TABLE admin_keys ADD COLUMN pepper_version text;
