package dev.lmaas.platform.billing.stripe;

import dev.lmaas.platform.billing.BillingAlerts;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Billing problems for the admin console, newest first. */
@Component
class JdbcBillingAlerts implements BillingAlerts {

    private final JdbcTemplate jdbc;

    JdbcBillingAlerts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void raise(String kind, UUID tenant, String message) {
        jdbc.update("INSERT INTO billing_alerts (kind, tenant_id, message) VALUES (?, ?, ?)", kind, tenant,
                message.length() > 2000 ? message.substring(0, 2000) : message);
    }

    @Override
    public List<Alert> recent(int limit) {
        return jdbc.query("SELECT id, kind, tenant_id, message, created_at FROM billing_alerts ORDER BY id DESC LIMIT ?",
                (rs, i) -> new Alert(rs.getLong(1), rs.getString(2), Optional.ofNullable(rs.getString(3)), rs.getString(4),
                        rs.getTimestamp(5).toInstant()), limit);
    }
}
