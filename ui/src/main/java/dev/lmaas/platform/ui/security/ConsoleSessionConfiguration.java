package dev.lmaas.platform.ui.security;

import java.util.HashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;

/**
 * Console sessions in PostgreSQL (Spring Session JDBC, configured by Spring Boot; the tables come from Flyway, V153): any
 * replica serves any request, sessions keep their timeout ({@code server.servlet.session.timeout}) and expired ones are
 * deleted by Spring Session's cleanup job. This adds what the console needs of the store: attributes are read back only
 * as the classes a console session holds ({@link SessionSerialization}), and sessions are indexed by account id.
 */
@Configuration
class ConsoleSessionConfiguration {

    @Bean
    SessionRepositoryCustomizer<JdbcIndexedSessionRepository> consoleSessionStore() {
        return repository -> {
            repository.setConversionService(SessionSerialization.conversionService(ConsoleSessionConfiguration.class.getClassLoader()));
            repository.setIndexResolver(session -> {
                Map<String, String> index = new HashMap<>();
                String userId = ConsoleSessions.indexOf(session);
                if (userId != null) {
                    index.put(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, userId);
                }
                return index;
            });
        };
    }

    @Bean
    ConsoleSessions consoleSessions(ObjectProvider<FindByIndexNameSessionRepository<? extends Session>> sessions) {
        return new ConsoleSessions(sessions);
    }
}
