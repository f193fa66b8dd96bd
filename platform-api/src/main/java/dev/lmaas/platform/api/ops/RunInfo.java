package dev.lmaas.platform.api.ops;

import dev.lmaas.platform.db.DataDirectory;
import dev.lmaas.platform.db.DatabaseInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes {@code DATA_DIR/run/control-plane.json} (0600) once the control plane is ready: its URL,
 * process id and database, so {@code ./lmaas run} and operators can find everything.
 */
@Component
class RunInfo {

    private final DataDirectory dataDirectory;
    private final DatabaseInfo database;
    private final JsonMapper json;

    RunInfo(DataDirectory dataDirectory, DatabaseInfo database, JsonMapper json) {
        this.dataDirectory = dataDirectory;
        this.database = database;
        this.json = json;
    }

    @EventListener
    void ready(ApplicationReadyEvent event) {
        int port = event.getApplicationContext() instanceof WebServerApplicationContext web ? web.getWebServer().getPort() : -1;
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("control_plane_url", "http://127.0.0.1:" + port);
        info.put("pid", ProcessHandle.current().pid());
        info.put("jdbc_url", database.jdbcUrl());
        info.put("database_embedded", database.embedded());
        database.embeddedPid().ifPresent(pid -> info.put("database_pid", pid));
        dataDirectory.writePrivate("run/control-plane.json", json.writerWithDefaultPrettyPrinter().writeValueAsString(info) + "\n");
    }
}
