package dev.lmaas.platform.db;

import org.springframework.core.env.Environment;

/** Which external database, if any, the environment names; blank values count as none. */
enum ExternalDatabase {
    SPRING_DATASOURCE, DATABASE_URL, NONE;

    static ExternalDatabase in(Environment env) {
        if (!env.getProperty("spring.datasource.url", "").isBlank()) {
            return SPRING_DATASOURCE;
        }
        if (!databaseUrl(env).isBlank()) {
            return DATABASE_URL;
        }
        return NONE;
    }

    static String databaseUrl(Environment env) {
        String url = env.getProperty("lmaas.db.url", "");
        return url.isBlank() ? env.getProperty("DATABASE_URL", "") : url;
    }
}
