package dev.lmaas.platform.db;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Cross-process change notifications over PostgreSQL LISTEN/NOTIFY, so every control-plane replica
 * learns within milliseconds that a key was revoked or a plan changed. {@link #publish} joins the
 * caller's transaction: the notification is delivered only if that transaction commits.
 *
 * <p>Notifications can be missed while the listening connection is down, so after every reconnect
 * each subscriber is told to {@link Subscriber#resync()} (reload what it caches).
 */
public final class ChangeFeed implements AutoCloseable {

    public static final String CHANNEL = "lmaas_changes";
    private static final Logger log = LoggerFactory.getLogger(ChangeFeed.class);

    /** Something that caches database state and must hear about changes. */
    public interface Subscriber {
        /** A change named by its payload, e.g. {@code key:<uuid>}. */
        void changed(String topic, String id);

        /** Reload everything: notifications may have been missed. */
        void resync();
    }

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;
    private final Thread listener;

    public ChangeFeed(DataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.listener = Thread.ofPlatform().daemon().name("lmaas-change-feed").unstarted(this::listen);
    }

    public void start() {
        listener.start();
    }

    public void subscribe(Subscriber subscriber) {
        subscribers.add(subscriber);
    }

    /** Sends {@code topic:id} to every replica when the current transaction commits (at once if none). */
    public void publish(String topic, Object id) {
        jdbc.queryForObject("SELECT pg_notify(?, ?)::text", String.class, CHANNEL, topic + ":" + id);
    }

    private void listen() {
        long backoffMillis = 100;
        while (running) {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("LISTEN " + CHANNEL);
                PGConnection pg = c.unwrap(PGConnection.class);
                backoffMillis = 100;
                subscribers.forEach(this::resyncQuietly);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(500);
                    if (notifications != null) {
                        for (PGNotification n : notifications) {
                            dispatch(n.getParameter());
                        }
                    }
                    if (!c.isValid(2)) {
                        break;
                    }
                }
            } catch (Exception e) {
                if (running) {
                    log.warn("Change feed lost its database connection ({}); retrying in {} ms", e.getMessage(), backoffMillis);
                    sleep(backoffMillis);
                    backoffMillis = Math.min(backoffMillis * 2, 5000);
                }
            }
        }
    }

    private void dispatch(String payload) {
        int sep = payload.indexOf(':');
        if (sep < 0) {
            return;
        }
        String topic = payload.substring(0, sep);
        String id = payload.substring(sep + 1);
        for (Subscriber s : subscribers) {
            try {
                s.changed(topic, id);
            } catch (RuntimeException e) {
                log.warn("Change subscriber failed on {}: {}", topic, e.toString());
            }
        }
    }

    private void resyncQuietly(Subscriber s) {
        try {
            s.resync();
        } catch (RuntimeException e) {
            log.warn("Change subscriber failed to resync: {}", e.toString());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        listener.interrupt();
    }
}
