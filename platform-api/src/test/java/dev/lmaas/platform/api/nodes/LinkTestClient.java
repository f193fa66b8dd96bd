package dev.lmaas.platform.api.nodes;

import dev.lmaas.platform.api.nodes.pki.ClusterCa;
import dev.lmaas.platform.api.nodes.pki.Pem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** A node's side of the link in tests: its key, CSRs, and HTTPS calls presenting its certificate (or none). */
final class LinkTestClient {

    final KeyPair keys;
    private final X509Certificate ca;
    private final String base;
    private final HttpClient http;

    /** A new node key, no certificate yet. */
    LinkTestClient(String base, X509Certificate ca) {
        this(base, ca, null, ClusterCa.newKeyPair());
    }

    private LinkTestClient(String base, X509Certificate ca, X509Certificate certificate, KeyPair keys) {
        this.base = base;
        this.ca = ca;
        this.keys = keys;
        this.http = HttpClient.newBuilder().sslContext(context(certificate)).build();
    }

    String csr(String cn) {
        try {
            return Pem.write(new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + cn), keys.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client with the same key presenting {@code certificate}. */
    LinkTestClient with(X509Certificate certificate) {
        return new LinkTestClient(base, ca, certificate, keys);
    }

    HttpResponse<String> post(String path, String json) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private SSLContext context(X509Certificate certificate) {
        try {
            KeyStore ts = KeyStore.getInstance("PKCS12");
            ts.load(null, null);
            ts.setCertificateEntry("ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ts);
            KeyManagerFactory kmf = null;
            if (certificate != null) {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                ks.setKeyEntry("k", keys.getPrivate(), "p".toCharArray(), new Certificate[] {certificate, ca});
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, "p".toCharArray());
            }
            SSLContext c = SSLContext.getInstance("TLSv1.3");
            c.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return c;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
