package dev.lmaas.platform.api.nodes;

import java.security.cert.X509Certificate;
import java.sql.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The node certificates the cluster CA issued, and which are revoked (shared by all replicas through PostgreSQL). */
@Repository
class NodeCertificates {

    private final JdbcTemplate jdbc;

    NodeCertificates(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void issued(X509Certificate certificate, String nodeId, String advertisedUrl) {
        jdbc.update("INSERT INTO node_certificates (serial, node_id, advertised_url, not_after) VALUES (?, ?, ?, ?)",
                serial(certificate), nodeId, advertisedUrl, new Timestamp(certificate.getNotAfter().getTime()));
    }

    /** True only for a certificate this cluster issued to {@code nodeId} and has not revoked. */
    boolean active(X509Certificate certificate, String nodeId) {
        Integer n = jdbc.queryForObject("SELECT count(*) FROM node_certificates WHERE serial = ? AND node_id = ? AND revoked_at IS NULL",
                Integer.class, serial(certificate), nodeId);
        return n != null && n == 1;
    }

    /** Revokes every certificate of the node; returns how many were active. */
    int revoke(String nodeId) {
        return jdbc.update("UPDATE node_certificates SET revoked_at = now() WHERE node_id = ? AND revoked_at IS NULL", nodeId);
    }

    static String serial(X509Certificate certificate) {
        return certificate.getSerialNumber().toString(16);
    }
}
