package dev.lmaas.platform.billing.budget;

import dev.lmaas.platform.billing.BudgetWebhookSettings;
import dev.lmaas.platform.tenant.TenantDataKeys;
import dev.lmaas.platform.tenant.TenantId;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Budget alerts POSTed to a URL the tenant sets, signed like Stripe's webhooks: header
 * {@code LMaaS-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>}. Deliveries are an outbox
 * in PostgreSQL, sent by a timer on any replica ({@code FOR UPDATE SKIP LOCKED}), retried with exponential back-off
 * (30 s doubling, at most 6 h apart) and given up after {@link #MAX_ATTEMPTS}. The signing secret is derived from the
 * tenant's data key, so nothing secret is stored, and it dies with the tenant. Addresses on loopback, private or
 * link-local networks are refused (the control plane must not be a way into its own network) unless the operator
 * allows them.
 */
@Component
public class BudgetWebhooks implements BudgetWebhookSettings {

    public static final String SIGNATURE_HEADER = "LMaaS-Signature";
    static final int MAX_ATTEMPTS = 8;
    private static final Logger log = LoggerFactory.getLogger(BudgetWebhooks.class);

    private final JdbcTemplate jdbc;
    private final TenantDataKeys keys;
    private final JsonMapper json;
    private final boolean allowPrivate;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    BudgetWebhooks(JdbcTemplate jdbc, TenantDataKeys keys, JsonMapper json, ScheduledExecutorService billingTimer,
                   @Value("${lmaas.billing.webhooks.allow-private-addresses:false}") boolean allowPrivate,
                   @Value("${lmaas.billing.webhooks.interval:PT5S}") Duration interval) {
        this.jdbc = jdbc;
        this.keys = keys;
        this.json = json;
        this.allowPrivate = allowPrivate;
        billingTimer.scheduleWithFixedDelay(this::drainQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Sets (or replaces) the tenant's URL and answers the signing secret, which stays the same unless rotated. */
    @Override
    public Webhook set(TenantId tenant, String url) {
        URI uri = check(url);
        int version = jdbc.queryForObject("""
                INSERT INTO budget_webhooks (tenant_id, url) VALUES (?, ?)
                ON CONFLICT (tenant_id) DO UPDATE SET url = EXCLUDED.url, updated_at = now()
                RETURNING secret_version""", Integer.class, tenant.value(), uri.toString());
        return new Webhook(tenant, uri, Optional.of(secret(tenant, version)));
    }

    /** A new signing secret; the old one stops working at once. */
    @Override
    public Optional<Webhook> rotateSecret(TenantId tenant) {
        return jdbc.query("UPDATE budget_webhooks SET secret_version = secret_version + 1, updated_at = now() WHERE tenant_id = ? "
                        + "RETURNING url, secret_version",
                (rs, i) -> new Webhook(tenant, URI.create(rs.getString(1)), Optional.of(secret(tenant, rs.getInt(2)))), tenant.value())
                .stream().findFirst();
    }

    @Override
    public Optional<Webhook> find(TenantId tenant) {
        return jdbc.query("SELECT url FROM budget_webhooks WHERE tenant_id = ?", (rs, i) -> new Webhook(tenant, URI.create(rs.getString(1)),
                Optional.empty()), tenant.value()).stream().findFirst();
    }

    @Override
    public boolean remove(TenantId tenant) {
        return jdbc.update("DELETE FROM budget_webhooks WHERE tenant_id = ?", tenant.value()) > 0;
    }

    /** Queues an event for the tenant's webhook, if it has one; {@code data} becomes the event's {@code data}. */
    void enqueue(TenantId tenant, String type, Map<String, Object> data) {
        if (find(tenant).isEmpty()) {
            return;
        }
        String id = "evt_" + UUID.randomUUID().toString().replace("-", "");
        String body = json.writeValueAsString(Map.of("id", id, "object", "event", "type", type, "created", Instant.now().getEpochSecond(),
                "data", data));
        jdbc.update("INSERT INTO budget_webhook_deliveries (tenant_id, event_id, body) VALUES (?, ?, ?)", tenant.value(), id, body);
    }

    /** Sends every due delivery once; answers how many were delivered. */
    public int drainOnce() {
        List<Due> due = jdbc.query("""
                SELECT d.id, d.tenant_id, d.body, d.attempts, w.url, w.secret_version
                  FROM budget_webhook_deliveries d LEFT JOIN budget_webhooks w ON w.tenant_id = d.tenant_id
                 WHERE d.status = 'pending' AND d.next_attempt_at <= now()
                 ORDER BY d.next_attempt_at LIMIT 100""",
                (rs, i) -> new Due(rs.getLong(1), new TenantId(rs.getObject(2, UUID.class)), rs.getString(3), rs.getInt(4), rs.getString(5),
                        rs.getInt(6)));
        int delivered = 0;
        for (Due d : due) {
            // Claim it: another replica's timer may have picked the same row.
            if (jdbc.update("UPDATE budget_webhook_deliveries SET next_attempt_at = now() + interval '5 minutes' "
                    + "WHERE id = ? AND status = 'pending' AND attempts = ?", d.id(), d.attempts()) == 0) {
                continue;
            }
            String error = send(d);
            if (error == null) {
                jdbc.update("UPDATE budget_webhook_deliveries SET status = 'delivered', attempts = attempts + 1, delivered_at = now(), "
                        + "last_error = NULL WHERE id = ?", d.id());
                delivered++;
            } else {
                int attempts = d.attempts() + 1;
                long backoff = Math.min(6 * 3600, 30L << Math.min(attempts - 1, 20));
                jdbc.update("UPDATE budget_webhook_deliveries SET attempts = ?, last_error = ?, status = ?, "
                                + "next_attempt_at = now() + make_interval(secs => ?) WHERE id = ?",
                        attempts, error.length() > 500 ? error.substring(0, 500) : error, attempts >= MAX_ATTEMPTS ? "failed" : "pending",
                        (double) backoff, d.id());
            }
        }
        return delivered;
    }

    private record Due(long id, TenantId tenant, String body, int attempts, String url, int secretVersion) {
    }

    /** Null when the receiver answered 2xx; otherwise why not. */
    private String send(Due d) {
        if (d.url() == null) {
            return "no webhook URL is set any more";
        }
        try {
            URI uri = check(d.url()); // the name may resolve elsewhere now
            long t = Instant.now().getEpochSecond();
            String signature = "t=" + t + ",v1=" + sign(secret(d.tenant(), d.secretVersion()), t, d.body());
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json").header("User-Agent", "LMaaS-Webhooks/1").header(SIGNATURE_HEADER, signature)
                    .POST(HttpRequest.BodyPublishers.ofString(d.body())).build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() / 100 == 2 ? null : "HTTP " + r.statusCode();
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (java.io.IOException e) {
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
    }

    /** The hex HMAC-SHA256 of {@code t + "." + body} under the secret: what receivers recompute. */
    public static String sign(String secret, long t, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private String secret(TenantId tenant, int version) {
        return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(
                keys.mac(tenant, "budget-webhook-secret", ("v" + version).getBytes(StandardCharsets.UTF_8)));
    }

    URI check(String url) {
        return check(url, allowPrivate);
    }

    /** An absolute https URL (http too when private addresses are allowed) whose host is not on a private network. */
    static URI check(String url, boolean allowPrivate) {
        URI uri;
        try {
            uri = new URI(url == null ? "" : url.strip());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("'url' is not a valid URL.");
        }
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        if (!(https || allowPrivate && "http".equalsIgnoreCase(uri.getScheme())) || uri.getHost() == null || uri.getUserInfo() != null
                || uri.toString().length() > 2048) {
            throw new IllegalArgumentException("'url' must be an absolute https:// URL without credentials (at most 2048 characters).");
        }
        if (!allowPrivate) {
            try {
                for (InetAddress a : InetAddress.getAllByName(uri.getHost())) {
                    if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                            || a.isMulticastAddress() || (a.getAddress().length == 16 && (a.getAddress()[0] & 0xfe) == 0xfc)) {
                        throw new IllegalArgumentException("'url' points to a private, loopback or link-local address, which webhooks may not call.");
                    }
                }
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("'url' names a host that does not resolve.");
            }
        }
        return uri;
    }

    private void drainQuietly() {
        try {
            drainOnce();
        } catch (RuntimeException e) {
            log.warn("Budget webhook deliveries failed: {}", e.toString());
        }
    }
}
