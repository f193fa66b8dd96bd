package dev.lmaas.platform.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseUrlTest {

    @Test
    void parsesHostingPlatformStyleUrls() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://app:s%40cret@db.example:6543/lmaas?sslmode=require");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6543/lmaas?sslmode=require");
        assertThat(url.username()).isEqualTo("app");
        assertThat(url.password()).isEqualTo("s@cret");
        assertThat(url.toString()).doesNotContain("s@cret");
    }

    @Test
    void defaultsPortAndDatabase() {
        assertThat(DatabaseUrl.parse("postgresql://localhost").jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/postgres");
    }

    @Test
    void keepsJdbcUrlsAsTheyAre() {
        assertThat(DatabaseUrl.parse("jdbc:postgresql://h/db").jdbcUrl()).isEqualTo("jdbc:postgresql://h/db");
    }

    @Test
    void refusesOtherSchemes() {
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql://x/y")).hasMessageContaining("postgres://");
        assertThatThrownBy(() -> DatabaseUrl.parse(" ")).hasMessageContaining("empty");
    }
}
