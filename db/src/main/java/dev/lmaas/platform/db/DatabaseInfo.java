package dev.lmaas.platform.db;

import java.util.Optional;

/** Where the control plane's database is, for operators ({@code run.json}, logs). Never holds a password. */
public record DatabaseInfo(String jdbcUrl, boolean embedded, Optional<Long> embeddedPid) {
}
