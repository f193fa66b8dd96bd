package dev.lmaas.platform.db;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Chooses the database: {@code spring.datasource.url} if set (Boot's own configuration takes over),
 * else {@code lmaas.db.url} / {@code DATABASE_URL}, else an embedded PostgreSQL in the data directory.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@EnableConfigurationProperties(DatabaseProperties.class)
public class DatabaseAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    DataDirectory dataDirectory(@Value("${lmaas.data-dir:./data}") String dataDir) {
        return new DataDirectory(Path.of(dataDir));
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    @ConditionalOnMissingBean
    ChangeFeed changeFeed(DataSource dataSource) {
        return new ChangeFeed(dataSource);
    }

    @Bean
    @ConditionalOnMissingBean
    DatabaseInfo databaseInfo(DataSource dataSource, ObjectProvider<EmbeddedDatabase> embedded) {
        EmbeddedDatabase db = embedded.getIfAvailable();
        String url = dataSource instanceof HikariDataSource h ? h.getJdbcUrl() : db != null ? db.jdbcUrl() : "unknown";
        return new DatabaseInfo(url, db != null, db == null ? java.util.Optional.empty() : db.pid());
    }

    @Configuration(proxyBeanMethods = false)
    @Conditional(OwnDataSource.NoSpringDataSource.class)
    static class OwnDataSource {

        static class NoSpringDataSource implements Condition {
            @Override
            public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
                return ExternalDatabase.in(context.getEnvironment()) != ExternalDatabase.SPRING_DATASOURCE;
            }
        }

        static class NoExternalDatabase implements Condition {
            @Override
            public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
                return ExternalDatabase.in(context.getEnvironment()) == ExternalDatabase.NONE;
            }
        }

        @Bean(destroyMethod = "close")
        @Conditional(NoExternalDatabase.class)
        EmbeddedDatabase embeddedDatabase(DataDirectory dataDirectory, DatabaseProperties properties) {
            return EmbeddedDatabase.start(dataDirectory,
                    properties.binariesDir() == null || properties.binariesDir().isBlank() ? PostgresBinaries.defaultDirectory() : Path.of(properties.binariesDir()),
                    properties.embeddedPort());
        }

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean(DataSource.class)
        HikariDataSource dataSource(Environment env, DatabaseProperties properties, ObjectProvider<EmbeddedDatabase> embedded) {
            HikariDataSource ds = new HikariDataSource();
            EmbeddedDatabase db = embedded.getIfAvailable();
            if (db != null) {
                ds.setJdbcUrl(db.jdbcUrl());
                ds.setUsername(db.username()); // the application role: no superuser rights
                ds.setPassword(db.password());
            } else {
                DatabaseUrl url = DatabaseUrl.parse(ExternalDatabase.databaseUrl(env));
                ds.setJdbcUrl(url.jdbcUrl());
                if (url.username() != null) {
                    ds.setUsername(url.username());
                }
                if (url.password() != null) {
                    ds.setPassword(url.password());
                }
            }
            ds.setPoolName("lmaas");
            ds.setMaximumPoolSize(properties.poolSize());
            // Fail fast when the database is down so the API answers 503 instead of hanging.
            ds.setConnectionTimeout(3000);
            ds.setValidationTimeout(2000);
            return ds;
        }
    }
}
