package dev.lmaas.node.security;

import dev.lmaas.node.NodeProperties;
import dev.lmaas.node.protocol.NodeIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.ssl.SslBundleRegistrar;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleKey;
import org.springframework.boot.ssl.SslBundleRegistry;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.ssl.SslStoreBundle;
import tools.jackson.databind.json.JsonMapper;

/**
 * The node's TLS server: SSL bundle {@value #BUNDLE} (TLS 1.3 only, this node's certificate, the
 * cluster CA as the only trust anchor for client certificates), obtained before the web server
 * starts: from files, or by enrolling with the join token. An enrolled certificate is renewed after
 * two thirds of its lifetime; the bundle is updated in place and Tomcat reloads it.
 */
final class NodeLinkTls implements SslBundleRegistrar, AutoCloseable {

    static final String BUNDLE = "node-link";
    private static final Logger log = LoggerFactory.getLogger(NodeLinkTls.class);
    private static final String PASSWORD = "in-memory";

    private final NodeProperties props;
    private final LinkIdentity identity;
    private final Enrollment enrollment;
    private final ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().factory());
    private volatile SslBundleRegistry registry;

    private NodeLinkTls(NodeProperties props, LinkIdentity identity, Enrollment enrollment) {
        this.props = props;
        this.identity = identity;
        this.enrollment = enrollment;
    }

    /** Loads the identity from files, or enrolls (retrying while the control plane cannot be reached). */
    static NodeLinkTls obtain(NodeProperties props, JsonMapper json, int serverPort) {
        NodeProperties.Tls tls = props.tls();
        try {
            if (tls.fromFiles()) {
                LinkIdentity.Keys keys = new LinkIdentity.Keys(LinkIdentity.privateKey(Files.readString(tls.privateKey())),
                        LinkIdentity.certificate(Files.readString(tls.certificate())), LinkIdentity.certificate(Files.readString(tls.caCertificate())));
                return new NodeLinkTls(props, new LinkIdentity(keys), null);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the node-link certificate files", e);
        }
        if (props.standalone() || blank(tls.joinToken()) || blank(tls.caPin())) {
            throw new IllegalStateException("The node serves only TLS with a certificate of the cluster CA: set lmaas.node.control-plane-url, "
                    + "a join token (LMAAS_JOIN_TOKEN) and the CA pin (LMAAS_CONTROL_PLANE_CA_SHA256), or lmaas.node.tls.certificate, "
                    + "private-key and ca-certificate.");
        }
        String url = advertisedUrl(props, serverPort);
        Enrollment enrollment = new Enrollment(props.controlPlaneUrl(), json, props.registration().requestTimeout());
        Duration backoff = props.registration().initialBackoff();
        // One key for every attempt: an attempt whose answer was lost (timeout) may have used the
        // token, and the control plane admits the same node and key again without another use.
        java.security.KeyPair pair = Enrollment.newKeyPair();
        while (true) {
            try {
                LinkIdentity.Keys keys = enrollment.enroll(pair, tls.joinToken(), tls.caPin(), props.nodeId(), url);
                log.info("Enrolled as {} for {}; certificate valid until {}", props.nodeId(), url, keys.certificate().getNotAfter().toInstant());
                return new NodeLinkTls(props, new LinkIdentity(keys), enrollment);
            } catch (Enrollment.RefusedException e) {
                if (e.status / 100 == 4) {
                    throw new IllegalStateException("The control plane refused to enroll this node: " + e.getMessage(), e);
                }
                log.warn("Enrollment failed ({}); retrying in {}", e.getMessage(), backoff);
            } catch (IOException e) {
                log.warn("Cannot enroll with the control plane at {} ({}); retrying in {}", props.controlPlaneUrl(), e.getMessage(), backoff);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while enrolling", e);
            }
            sleep(backoff);
            backoff = backoff.multipliedBy(2).compareTo(props.registration().maxBackoff()) > 0 ? props.registration().maxBackoff() : backoff.multipliedBy(2);
        }
    }

    /** The advertised URL, canonical ({@code https://host:port}); the default needs a fixed server port. */
    static String advertisedUrl(NodeProperties props, int serverPort) {
        String configured = props.advertisedUrl();
        if (blank(configured)) {
            if (serverPort <= 0) {
                throw new IllegalStateException("set lmaas.node.advertised-url or a fixed server.port: the certificate names the node's address");
            }
            return "https://127.0.0.1:" + serverPort;
        }
        return NodeIdentity.canonicalUrl(configured).orElseThrow(() ->
                new IllegalStateException("lmaas.node.advertised-url must be https://host:port with no path, not " + configured));
    }

    LinkIdentity identity() {
        return identity;
    }

    @Override
    public void registerBundles(SslBundleRegistry registry) {
        this.registry = registry;
        registry.registerBundle(BUNDLE, bundle(identity.keys()));
        if (enrollment != null) {
            scheduleRenewal();
        }
    }

    /**
     * Renews after two thirds of what is left of the certificate's life, counted from now (the keys were just
     * obtained): notBefore is back-dated by the CA for clock skew, so it is no measure of the lifetime.
     */
    private void scheduleRenewal() {
        Instant notAfter = identity.keys().certificate().getNotAfter().toInstant();
        schedule(Duration.between(Instant.now(), notAfter).multipliedBy(2).dividedBy(3));
    }

    private void schedule(Duration delay) {
        renewals.schedule(this::renew, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
    }

    private void renew() {
        try {
            LinkIdentity.Keys keys = enrollment.renew(identity, props.nodeId());
            identity.replace(keys);
            registry.updateBundle(BUNDLE, bundle(keys));
            log.info("Node-link certificate renewed, valid until {}", keys.certificate().getNotAfter().toInstant());
            scheduleRenewal();
        } catch (IOException | RuntimeException e) {
            log.warn("Certificate renewal failed ({}); retrying in 30s", e.getMessage());
            schedule(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static SslBundle bundle(LinkIdentity.Keys keys) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("node", keys.key(), PASSWORD.toCharArray(), new Certificate[] {keys.certificate(), keys.ca()});
            return SslBundle.of(SslStoreBundle.of(ks, PASSWORD, LinkIdentity.trustStore(keys.ca())), SslBundleKey.of(PASSWORD, "node"),
                    SslOptions.of(null, new String[] {"TLSv1.3"}), "TLSv1.3");
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while enrolling", e);
        }
    }

    @Override
    public void close() {
        renewals.shutdownNow();
    }
}
