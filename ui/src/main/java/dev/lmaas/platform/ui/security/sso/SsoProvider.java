package dev.lmaas.platform.ui.security.sso;

/** A provider the login page offers: its registration id (in the sign-in link) and the name people know it by. */
public record SsoProvider(String id, String name) {
}
