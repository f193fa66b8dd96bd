package dev.lmaas.platform.api.nodes;

import dev.lmaas.node.protocol.NodeIdentity;
import dev.lmaas.platform.api.nodes.pki.ClusterCa;
import dev.lmaas.platform.db.DataDirectory;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.ssl.TLS;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The control plane's side of the node link's TLS: the cluster CA, and this replica's own link
 * certificate ({@link NodeIdentity#CONTROL_PLANE}, server and client), issued in memory at start
 * and reissued before it expires. Calls to nodes present it and trust only the cluster CA; a node's
 * certificate must also name the exact {@code https://host:port} being called, so a node cannot
 * answer for another.
 */
@Component
public class NodeLinkTls {

    private static final Logger log = LoggerFactory.getLogger(NodeLinkTls.class);
    static final char[] IN_MEMORY = "in-memory".toCharArray();

    private final ClusterCa ca;
    private final NodeLinkProperties properties;
    private final AtomicReference<Identity> current = new AtomicReference<>();
    /** The identity before the current one: a handshake that chose its alias just before a reissue still finds its key. */
    private volatile Identity previous;
    private final List<Runnable> onRenew = new java.util.concurrent.CopyOnWriteArrayList<>();

    record Identity(PrivateKey key, X509Certificate certificate, java.time.Instant issuedAt) {
        String alias() {
            return certificate.getSerialNumber().toString(16);
        }
    }

    /** Called after every reissue (the link connector reloads its certificate). */
    void onRenew(Runnable listener) {
        onRenew.add(listener);
    }

    private Identity identity(String alias) {
        Identity c = current.get();
        Identity p = previous;
        return c.alias().equals(alias) ? c : p != null && p.alias().equals(alias) ? p : null;
    }

    NodeLinkTls(NodeLinkProperties properties, DataDirectory dataDirectory) {
        this.properties = properties;
        if (properties.caCertificate() != null && properties.caPrivateKey() != null) {
            this.ca = ClusterCa.loadOrCreate(properties.caCertificate(), properties.caPrivateKey(), (f, c) -> {
                throw new IllegalStateException("the configured CA files do not exist: " + f);
            });
        } else {
            Path dir = dataDirectory.resolve("secrets/node-ca");
            this.ca = ClusterCa.loadOrCreate(dir.resolve("ca.crt"), dir.resolve("ca.key"),
                    (file, content) -> dataDirectory.writePrivate(dataDirectory.root().relativize(file).toString(), content));
        }
        renew();
    }

    public ClusterCa ca() {
        return ca;
    }

    /** Reissues this replica's link certificate once two thirds of its lifetime have passed (checked every minute). */
    @Scheduled(fixedDelayString = "${lmaas.nodes.link.renew-check:60s}", initialDelayString = "${lmaas.nodes.link.renew-check:60s}")
    public void renewIfDue() {
        Identity id = current.get();
        // From the issue time, not notBefore: the CA back-dates notBefore for clock skew.
        long start = id.issuedAt().toEpochMilli();
        if (System.currentTimeMillis() >= start + (id.certificate().getNotAfter().getTime() - start) * 2 / 3) {
            renew();
        }
    }

    void renew() {
        KeyPair pair = ClusterCa.newKeyPair();
        X509Certificate cert = ca.issue(pair.getPublic(), NodeIdentity.CONTROL_PLANE, List.of(), properties.hosts(),
                properties.certificateLifetime(), true, true);
        previous = current.getAndSet(new Identity(pair.getPrivate(), cert, java.time.Instant.now()));
        onRenew.forEach(Runnable::run);
        log.info("Node-link certificate issued, valid until {}", cert.getNotAfter().toInstant());
    }

    /** Key store with this replica's current link key and certificate (for the link connector). */
    KeyStore keyStore() {
        try {
            Identity id = current.get();
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("link", id.key(), IN_MEMORY, new Certificate[] {id.certificate(), ca.certificate()});
            return ks;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Trust store holding the cluster CA only. */
    KeyStore trustStore() {
        try {
            KeyStore ts = KeyStore.getInstance("PKCS12");
            ts.load(null, null);
            ts.setCertificateEntry("cluster-ca", ca.certificate());
            return ts;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** TLS 1.3 to nodes: our current certificate, the cluster CA as the only anchor, the node's URL checked. */
    TlsSocketStrategy clientTls() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore());
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(new KeyManager[] {new CurrentKey()}, tmf.getTrustManagers(), new SecureRandom());
            return ClientTlsStrategyBuilder.create().setSslContext(context).setTlsVersions(TLS.V_1_3)
                    .setHostVerificationPolicy(HostnameVerificationPolicy.CLIENT)
                    .setHostnameVerifier(NodeLinkTls::nodeUrlMatches).buildClassic();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The node's certificate must be bound to exactly the URL being called (scheme, host and port). */
    static boolean nodeUrlMatches(String host, SSLSession session) {
        try {
            Certificate[] chain = session.getPeerCertificates();
            if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf) || NodeIdentity.nodeId(leaf).isEmpty()) {
                return false;
            }
            String expected = NodeIdentity.canonicalUrl("https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + session.getPeerPort())
                    .orElse("");
            return NodeIdentity.urls(leaf).stream().anyMatch(expected::equalsIgnoreCase);
        } catch (SSLPeerUnverifiedException e) {
            return false;
        }
    }

    Duration certificateLifetime() {
        return properties.certificateLifetime();
    }

    /** Always presents the current link certificate, so a reissue needs no new SSL context. */
    private final class CurrentKey extends X509ExtendedKeyManager {
        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {current.get().alias()};
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return current.get().alias();
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return current.get().alias();
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            Identity id = identity(alias);
            return id == null ? null : new X509Certificate[] {id.certificate(), ca.certificate()};
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            Identity id = identity(alias);
            return id == null ? null : id.key();
        }
    }
}
