package dev.lmaas.platform.tenant;

/**
 * Who did something, for the audit log: a console user, an admin key, or the system itself.
 *
 * @param kind {@code user}, {@code admin_key}, {@code api_key} or {@code system}
 * @param id the user's or admin key's id, or a component name
 * @param label what people see (an email, a key prefix)
 */
public record Actor(String kind, String id, String label, String clientAddress) {

    public static final Actor SYSTEM = new Actor("system", "lmaas", "system", null);

    public static Actor adminKey(String id, String prefix, String clientAddress) {
        return new Actor("admin_key", id, prefix, clientAddress);
    }

    /** A tenant API key acting on its own tenant (a management call such as setting the budget). */
    public static Actor apiKey(String id, String clientAddress) {
        return new Actor("api_key", id, "API key", clientAddress);
    }

    public static Actor user(String id, String email, String clientAddress) {
        return new Actor("user", id, email, clientAddress);
    }
}
