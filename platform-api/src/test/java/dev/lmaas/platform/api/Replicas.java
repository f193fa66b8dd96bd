package dev.lmaas.platform.api;

import dev.lmaas.platform.db.DatabaseInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts control-plane processes' worth of application contexts for tests: the first with its own
 * embedded PostgreSQL, the others on the same database, as replicas behind a load balancer would be.
 */
public final class Replicas implements AutoCloseable {

    private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();
    private final String pepper = "test-pepper-" + UUID.randomUUID();
    /** Replicas share the master key as they share the pepper: every audit record's body hash needs the tenant's data key. */
    private final String masterKey = java.util.Base64.getEncoder().encodeToString(
            randomBytes());
    private String jdbcUrl;
    private String dbPassword;

    /** The pepper every replica gets unless it is given another. */
    public String pepper() {
        return pepper;
    }

    public ConfigurableApplicationContext start(String... extraProperties) {
        List<String> props = new ArrayList<>(List.of("server.port=0"));
        // A replica may be given its own pepper or master key (rotations): a repeated argument would be joined with a comma.
        if (java.util.Arrays.stream(extraProperties).noneMatch(p -> p.startsWith("lmaas.tenant.key-pepper="))) {
            props.add("lmaas.tenant.key-pepper=" + pepper);
        }
        if (java.util.Arrays.stream(extraProperties).noneMatch(p -> p.startsWith("lmaas.tenant.master-key="))) {
            props.add("lmaas.tenant.master-key=" + masterKey);
        }
        if (java.util.Arrays.stream(extraProperties).noneMatch(p -> p.startsWith("lmaas.data-dir="))) {
            props.add("lmaas.data-dir=target/it-data/" + UUID.randomUUID());
        }
        if (jdbcUrl != null) {
            props.add("spring.datasource.url=" + jdbcUrl);
            props.add("spring.datasource.username=lmaas");
            props.add("spring.datasource.password=" + dbPassword); // in-process arguments: no process's argv
        }
        props.addAll(List.of(extraProperties));
        ConfigurableApplicationContext ctx = new SpringApplicationBuilder(PlatformApplication.class)
                .run(props.stream().map(p -> "--" + p).toArray(String[]::new)); // arguments outrank application.yaml
        if (jdbcUrl == null) {
            jdbcUrl = ctx.getBean(DatabaseInfo.class).jdbcUrl();
            dbPassword = ctx.getBean(dev.lmaas.platform.db.EmbeddedDatabase.class).password();
        }
        contexts.add(ctx);
        return ctx;
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[32];
        new java.security.SecureRandom().nextBytes(b);
        return b;
    }

    public static int port(ConfigurableApplicationContext ctx) {
        return ((WebServerApplicationContext) ctx).getWebServer().getPort();
    }

    @Override
    public void close() {
        // Later replicas first: the first owns the embedded database.
        for (int i = contexts.size() - 1; i >= 0; i--) {
            contexts.get(i).close();
        }
    }
}
