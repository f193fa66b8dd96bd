package dev.lmaas.platform.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * The embedded server's roles: the superuser ({@code postgres}) keeps the server to itself and is
 * used only here, at start; the application connects as {@value #APPLICATION}, which owns the
 * {@value EmbeddedDatabase#DATABASE} database and its objects (what Flyway needs) and nothing more:
 * no superuser, no role or database creation, no replication, no server-side programs or files.
 */
final class DatabaseRoles {

    static final String SUPERUSER = "postgres";
    static final String APPLICATION = "lmaas";

    private DatabaseRoles() {
    }

    /** Sets a role's password as a SCRAM verifier computed here: the clear password never reaches the server (or its logs). */
    static void setPassword(Connection superuser, String role, String password) throws SQLException {
        superuser.unwrap(PGConnection.class).alterUserPassword(role, password.toCharArray(), "scram-sha-256");
    }

    /** Creates or corrects the application role and gives it the database, also one created by an earlier version. */
    static void ensureApplicationRole(DataSource postgresDb, DataSource appDbAsSuperuser, String password) throws SQLException {
        try (Connection c = postgresDb.getConnection(); Statement s = c.createStatement()) {
            if (!exists(s, "SELECT 1 FROM pg_roles WHERE rolname = '" + APPLICATION + "'")) {
                s.execute("CREATE ROLE " + APPLICATION + " LOGIN");
            }
            s.execute("ALTER ROLE " + APPLICATION + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS");
            setPassword(c, APPLICATION, password);
            if (!exists(s, "SELECT 1 FROM pg_database WHERE datname = '" + EmbeddedDatabase.DATABASE + "'")) {
                s.execute("CREATE DATABASE " + EmbeddedDatabase.DATABASE + " OWNER " + APPLICATION);
            }
            s.execute("ALTER DATABASE " + EmbeddedDatabase.DATABASE + " OWNER TO " + APPLICATION);
        }
        try (Connection c = appDbAsSuperuser.getConnection(); Statement s = c.createStatement()) {
            s.execute(TAKE_OVER_OBJECTS);
        }
    }

    private static boolean exists(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            return rs.next();
        }
    }

    /**
     * Earlier versions ran Flyway as the superuser, so their schema, tables and sequences belong to
     * it; hand them to the application role (indexes and owned sequences follow their tables).
     */
    private static final String TAKE_OVER_OBJECTS = """
            DO $$
            DECLARE r record;
            BEGIN
              FOR r IN SELECT n.nspname FROM pg_namespace n
                        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
                          AND n.nspowner <> 'lmaas'::regrole
              LOOP
                EXECUTE format('ALTER SCHEMA %I OWNER TO lmaas', r.nspname);
              END LOOP;
              FOR r IN SELECT c.oid::regclass AS name, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
                          AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND c.relowner <> 'lmaas'::regrole
                          AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                                   AND d.objid = c.oid AND d.deptype IN ('a', 'i')))
              LOOP
                EXECUTE format('ALTER %s %s OWNER TO lmaas', CASE r.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW'
                  WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END, r.name);
              END LOOP;
              FOR r IN SELECT p.oid::regprocedure AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
                          AND p.proowner <> 'lmaas'::regrole
                          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
              LOOP
                EXECUTE format('ALTER ROUTINE %s OWNER TO lmaas', r.name);
              END LOOP;
            END $$""";
}
