package dev.lmaas.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lmaas.platform.db.DataDirectory;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Short-lived certificates in practice: with a 9-second lifetime a real node process renews its own
 * certificate (after two thirds), serves the new one on fresh connections, and keeps heartbeating;
 * the control plane reissues its own link certificate the same way.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "lmaas.data-dir=target/it-data/${random.uuid}", "lmaas.nodes.link.certificate-lifetime=9s", "lmaas.nodes.link.renew-check=1s"})
class NodeCertificateRenewalIT {

    @LocalServerPort
    int port;
    @Autowired
    DataDirectory dataDirectory;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aNodeRenewsBeforeExpiryAndServesTheNewCertificate() throws Exception {
        String admin = dataDirectory.readSecret("admin-key").orElseThrow();
        try (NodeProcess node = NodeProcess.start("http://127.0.0.1:" + port, admin, "all-minilm-l6-v2-int8")) {
            // enrolled, then renewed at least twice
            long millis = Waits.millisUntil(java.time.Duration.ofSeconds(60), java.time.Duration.ofMillis(500),
                    () -> serials(node).size() >= 3, node::tail);
            // Not a renewal loop: 9 s certificates renewed after two thirds of their life, not on every check.
            assertThat(serials(node)).as("renewals in %s s", millis / 1e3).hasSizeLessThan(8);
            // Past the first certificate's expiry the node still answers TLS, with a certificate issued later.
            String served = servedSerial(node);
            List<String> now = serials(node);
            assertThat(now.subList(1, now.size())).contains(served);
            TestHttp http = new TestHttp(port);
            assertThat(http.get("/admin/v1/nodes", admin).body()).contains(node.id());
        }
    }

    List<String> serials(NodeProcess node) {
        return jdbc.queryForList("SELECT serial FROM node_certificates WHERE node_id = ? ORDER BY issued_at", String.class, node.id());
    }

    static String servedSerial(NodeProcess node) throws Exception {
        try (SSLSocket s = (SSLSocket) node.trustingCa().getSocketFactory().createSocket("127.0.0.1", node.port())) {
            s.startHandshake();
            return ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSerialNumber().toString(16);
        }
    }
}
