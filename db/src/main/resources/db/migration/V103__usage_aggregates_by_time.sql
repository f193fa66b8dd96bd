-- Owner: billing (usage aggregates); issue 20. Reports across all tenants select aggregates by time:
-- without these indexes they read every hour and day ever recorded (years, eventually) to find 90 days.
CREATE INDEX usage_hourly_hour ON usage_hourly (hour);
CREATE INDEX usage_daily_day ON usage_daily (day);
