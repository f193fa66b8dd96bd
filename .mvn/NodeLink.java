import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The node-link steps of ./lmaas run, without curl and without a secret on any command line:
 *   java NodeLink.java join CONTROL_PLANE_URL ADMIN_KEY_FILE   prints the join-token answer (JSON)
 *   java NodeLink.java ready NODE_URL CA_CERT_FILE             prints the readiness status over TLS, trusting that CA only
 * The admin key is read from the file (or LMAAS_ADMIN_KEY); the token only goes to stdout, which the script keeps in memory.
 */
public class NodeLink {
    public static void main(String[] args) throws Exception {
        try {
            if (args[0].equals("join")) {
                String key = System.getenv("LMAAS_ADMIN_KEY");
                if (key == null || key.isBlank()) {
                    key = Files.readString(Path.of(args[2])).trim();
                }
                HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(args[1] + "/admin/v1/nodes/join-tokens"))
                        .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"ttl_seconds\":900}")).build(), HttpResponse.BodyHandlers.ofString());
                System.out.println(r.body());
                System.exit(r.statusCode() == 201 ? 0 : 1);
            }
            KeyStore ts = KeyStore.getInstance("PKCS12");
            ts.load(null, null);
            ts.setCertificateEntry("ca", CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(Path.of(args[2])))));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ts);
            SSLContext tls = SSLContext.getInstance("TLSv1.3");
            tls.init(null, tmf.getTrustManagers(), null);
            HttpResponse<Void> r = HttpClient.newBuilder().sslContext(tls).build().send(HttpRequest.newBuilder(URI.create(args[1] + "/actuator/health/readiness"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
            System.out.println(r.statusCode());
        } catch (java.io.IOException e) {
            System.out.println("000");
            System.exit(1);
        }
    }
}
