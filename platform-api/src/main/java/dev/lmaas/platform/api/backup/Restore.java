package dev.lmaas.platform.api.backup;

import dev.lmaas.platform.db.DataDirectory;
import dev.lmaas.platform.db.EmbeddedDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.flywaydb.core.Flyway;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Brings a backup back into a new data directory: secrets written 0600, a fresh embedded
 * PostgreSQL whose schema Flyway creates at the backup's version, then every table loaded in one
 * transaction and checked against the row counts the backup recorded. The platform started on the
 * directory afterwards migrates forward as usual.
 */
final class Restore {

    private final Path file;
    private final Path dataDir;
    private final char[] passphrase;
    private final char[] masterPassphrase;
    private final JsonMapper json = JsonMapper.builder().build();

    Restore(Path file, Path dataDir, char[] passphrase, char[] masterPassphrase) {
        this.file = file;
        this.dataDir = dataDir;
        this.passphrase = passphrase;
        this.masterPassphrase = masterPassphrase;
    }

    void run() throws Exception {
        if (Files.exists(dataDir)) {
            try (Stream<Path> s = Files.list(dataDir)) {
                if (s.findAny().isPresent()) {
                    throw new IOException(dataDir + " is not empty: restore into a new directory");
                }
            }
        }
        long started = System.nanoTime();
        DataDirectory target = new DataDirectory(dataDir);
        boolean masterRestored = false;
        Map<String, Long> loaded = new LinkedHashMap<>();
        try (InputStream in = new GZIPInputStream(Sealed.open(Files.newInputStream(file), passphrase), 1 << 16)) {
            Archive.Reader archive = new Archive.Reader(in);
            Archive.Entry first = archive.next();
            if (first == null || !first.name().equals("header.json")) {
                throw new IOException("the backup has no header");
            }
            JsonNode header = json.readTree(first.bytes());
            if (header.get("format").asInt() != Backup.FORMAT) {
                throw new IOException("backup format " + header.get("format") + " is not one this version reads");
            }
            Map<String, DatabaseSnapshot.Table> tables = new HashMap<>();
            for (JsonNode t : header.get("tables")) {
                List<String> columns = new java.util.ArrayList<>();
                t.get("columns").forEach(c -> columns.add(c.asString()));
                tables.put(t.get("name").asString(), new DatabaseSnapshot.Table(t.get("name").asString(), columns));
            }
            EmbeddedDatabase db = null;
            Connection c = null;
            try {
                for (Archive.Entry e = archive.next(); e != null; e = archive.next()) {
                    String name = e.name();
                    if (name.startsWith("file/")) {
                        String relative = name.substring("file/".length());
                        // Every path segment starts with a letter or digit: no "..", no absolute path, no hidden file.
                        if (!relative.matches("(secrets/)?([a-z0-9][a-z0-9-]*/)?[a-z0-9][a-z0-9.-]*")) {
                            throw new IOException("unexpected file in the backup: " + relative);
                        }
                        target.writePrivate(relative, new String(e.bytes(), StandardCharsets.UTF_8));
                    } else if (name.equals("master-key.sealed")) {
                        byte[] sealed = e.bytes();
                        if (masterPassphrase != null) {
                            target.writePrivate(Backup.MASTER_KEY, new String(Sealed.openBytes(sealed, masterPassphrase), StandardCharsets.UTF_8));
                            masterRestored = true;
                        }
                    } else if (name.startsWith("table/")) {
                        if (c == null) {
                            db = EmbeddedDatabase.start(new dev.lmaas.platform.db.DataDirectory(dataDir), 0);
                            c = schemaAt(db, header.get("schema_version").asString(), List.copyOf(tables.values()));
                        }
                        DatabaseSnapshot.Table table = tables.get(name.substring("table/".length()));
                        if (table == null) {
                            throw new IOException("the backup has data for an undeclared table " + name);
                        }
                        loaded.put(table.name(), DatabaseSnapshot.copyIn(c, table, e.content()));
                    } else if (name.equals("summary.json")) {
                        JsonNode summary = json.readTree(e.bytes());
                        summary.get("rows").properties().forEach(r -> {
                            if (loaded.getOrDefault(r.getKey(), -1L) != r.getValue().asLong()) {
                                throw new IllegalStateException("table " + r.getKey() + ": backup says " + r.getValue().asLong()
                                        + " rows, restored " + loaded.get(r.getKey()));
                            }
                        });
                        if (c != null) {
                            Map<String, Long> sequences = new LinkedHashMap<>();
                            summary.get("sequences").properties().forEach(s -> sequences.put(s.getKey(), s.getValue().asLong()));
                            DatabaseSnapshot.setSequences(c, sequences);
                            c.commit();
                        }
                    } else {
                        throw new IOException("unexpected entry in the backup: " + name);
                    }
                }
            } finally {
                if (c != null) {
                    c.close();
                }
                if (db != null) {
                    db.close();
                }
            }
        }
        long rows = loaded.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("restored into %s: %,d rows in %d tables (usage_records %,d, audit_log %,d) in %.1f s%n", dataDir, rows, loaded.size(),
                loaded.getOrDefault("usage_records", 0L), loaded.getOrDefault("audit_log", 0L), (System.nanoTime() - started) / 1e9);
        if (!masterRestored) {
            System.out.println("The master key was not restored: start the platform with LMAAS_MASTER_KEY set to the original key,"
                    + " or stored payloads and per-tenant data keys stay unreadable (without it a NEW key would be generated).");
        }
    }

    /** A fresh database at the backup's schema version, emptied of seeded rows, ready to load. */
    private Connection schemaAt(EmbeddedDatabase db, String version, List<DatabaseSnapshot.Table> tables) throws Exception {
        Flyway.configure().dataSource(Backup.withoutUser(db.jdbcUrl()), "postgres", superuserPassword()).locations("classpath:db/migration")
                .target(version).load().migrate();
        Connection c = Backup.connectAsSuperuser(dataDir, db.jdbcUrl());
        List<DatabaseSnapshot.Table> present = DatabaseSnapshot.tables(c);
        for (DatabaseSnapshot.Table t : tables) {
            DatabaseSnapshot.Table here = present.stream().filter(p -> p.name().equals(t.name())).findFirst()
                    .orElseThrow(() -> new IOException("table " + t.name() + " of the backup does not exist at schema version " + version));
            if (!here.columns().containsAll(t.columns())) {
                throw new IOException("table " + t.name() + " differs from the backup's at schema version " + version);
            }
        }
        DatabaseSnapshot.beginLoad(c, present);
        return c;
    }

    private String superuserPassword() throws IOException {
        Path p = dataDir.resolve("secrets").resolve("postgres-superuser-password");
        return Files.exists(p) ? Files.readString(p).strip() : null;
    }
}
