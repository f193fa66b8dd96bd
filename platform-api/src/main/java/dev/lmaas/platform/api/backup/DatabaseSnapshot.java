package dev.lmaas.platform.api.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The database part of a backup, logical and consistent: every table is copied out with
 * PostgreSQL's COPY inside ONE read-only repeatable-read transaction, so all tables come from the
 * same snapshot (a usage record and its audit record, written in one commit, are both in or both
 * out) while the platform keeps writing. Loaded back with COPY into a schema Flyway created at the
 * same version, foreign-key triggers off for the load (the snapshot is consistent as a whole).
 *
 * <p>Logical rather than pg_dump: the embedded PostgreSQL binaries from Maven ship initdb, pg_ctl
 * and postgres only, and Debian's pg_dump (15) refuses a newer server.
 */
final class DatabaseSnapshot {

    static final String HISTORY = "flyway_schema_history";
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    record Table(String name, List<String> columns) {
        Table {
            check(name);
            columns.forEach(DatabaseSnapshot::check);
            columns = List.copyOf(columns);
        }

        String copyIn() {
            return "COPY public.\"" + name + "\" (" + columnList() + ") FROM STDIN (FORMAT text)";
        }

        /** Through a query: COPY TO of a partitioned table itself copies nothing, its partitions hold the rows. */
        String copyOut() {
            return "COPY (SELECT " + columnList() + " FROM public.\"" + name + "\") TO STDOUT (FORMAT text)";
        }

        private String columnList() {
            return "\"" + String.join("\", \"", columns) + "\"";
        }
    }

    private DatabaseSnapshot() {
    }

    /** Opens the snapshot: call on a fresh connection, then {@link #tables}, {@link #copyOut}..., then commit. */
    static void begin(Connection c) throws SQLException {
        c.setAutoCommit(false);
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        c.setReadOnly(true);
    }

    static String schemaVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT version FROM " + HISTORY + " WHERE success AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1")) {
            if (!rs.next()) {
                throw new SQLException("the database has no applied migration");
            }
            return rs.getString(1);
        }
    }

    /** The application's tables (not Flyway's history) with their stored columns, in name order. */
    static List<Table> tables(Connection c) throws SQLException {
        List<Table> tables = new ArrayList<>();
        // Plain and partitioned tables; partitions are read and loaded through their parent.
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname <> '%s'
                 ORDER BY 1""".formatted(HISTORY))) {
            while (rs.next()) {
                tables.add(new Table(rs.getString(1), List.of()));
            }
        }
        List<Table> withColumns = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("""
                SELECT column_name FROM information_schema.columns
                 WHERE table_schema = 'public' AND table_name = ? AND is_generated = 'NEVER' ORDER BY ordinal_position""")) {
            for (Table t : tables) {
                p.setString(1, t.name());
                List<String> columns = new ArrayList<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        columns.add(rs.getString(1));
                    }
                }
                withColumns.add(new Table(t.name(), columns));
            }
        }
        return withColumns;
    }

    static long copyOut(Connection c, Table table, OutputStream out) throws SQLException, IOException {
        return copyManager(c).copyOut(table.copyOut(), out);
    }

    /** Sequence positions, read after the tables so each is at least what any copied row used. */
    static Map<String, Long> sequences(Connection c) throws SQLException {
        Map<String, Long> sequences = new LinkedHashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public' AND last_value IS NOT NULL ORDER BY 1")) {
            while (rs.next()) {
                sequences.put(check(rs.getString(1)), rs.getLong(2));
            }
        }
        return sequences;
    }

    /** Starts the load: one transaction, triggers (foreign keys included) off, every table emptied of what migrations seeded. */
    static void beginLoad(Connection c, List<Table> tables) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("SET LOCAL session_replication_role = replica");
            if (!tables.isEmpty()) {
                s.execute("TRUNCATE " + String.join(", ", tables.stream().map(t -> "public.\"" + t.name() + "\"").toList()));
            }
        }
    }

    static long copyIn(Connection c, Table table, InputStream in) throws SQLException, IOException {
        return copyManager(c).copyIn(table.copyIn(), in);
    }

    static void setSequences(Connection c, Map<String, Long> sequences) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT setval(?::regclass, ?, true)")) {
            for (var e : sequences.entrySet()) {
                p.setString(1, "public.\"" + check(e.getKey()) + "\"");
                p.setLong(2, e.getValue());
                p.execute();
            }
        }
    }

    static long count(Connection c, Table table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM public.\"" + table.name() + "\"")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static CopyManager copyManager(Connection c) throws SQLException {
        return c.unwrap(PGConnection.class).getCopyAPI();
    }

    /** Names come from the database or from an authenticated backup; they are still checked before being quoted into SQL. */
    static String check(String identifier) {
        if (identifier == null || !IDENTIFIER.matcher(identifier).matches()) {
            throw new IllegalArgumentException("unexpected identifier in the backup: " + identifier);
        }
        return identifier;
    }
}
