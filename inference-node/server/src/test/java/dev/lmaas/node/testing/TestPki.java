package dev.lmaas.node.testing;

import dev.lmaas.node.protocol.NodeIdentity;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A cluster CA for tests, issuing certificates shaped like the control plane's (identity and URL as
 * URI names, host as IP name): the node's own, the control plane's, another node's, and a stranger's
 * from a CA nobody trusts.
 */
public final class TestPki {

    public record Issued(PrivateKey key, X509Certificate certificate, X509Certificate ca) {
        /** TLS 1.3 presenting this certificate and trusting {@code trusted} only. */
        public SSLContext context(X509Certificate trusted) {
            try {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                ks.setKeyEntry("k", key, "p".toCharArray(), new Certificate[] {certificate, ca});
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, "p".toCharArray());
                SSLContext c = SSLContext.getInstance("TLSv1.3");
                c.init(kmf.getKeyManagers(), trusting(trusted), null);
                return c;
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final KeyPair caKeys = keyPair();
    public final X509Certificate ca;

    public TestPki() {
        try {
            X500Name name = new X500Name("CN=test cluster CA " + System.nanoTime());
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(System.nanoTime()),
                    Date.from(Instant.now().minusSeconds(60)), Date.from(Instant.now().plus(Duration.ofDays(1))), name, caKeys.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            ca = new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public Issued controlPlane() {
        return issue(NodeIdentity.CONTROL_PLANE, List.of(), Duration.ofHours(1));
    }

    public Issued node(String nodeId, String url, Duration lifetime) {
        return issue(NodeIdentity.forNode(nodeId), List.of(url), lifetime);
    }

    public Issued issue(String identity, List<String> urls, Duration lifetime) {
        try {
            KeyPair pair = keyPair();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca, new BigInteger(64, new SecureRandom()),
                    Date.from(Instant.now().minusSeconds(60)), Date.from(Instant.now().plus(lifetime)),
                    new X500Name("CN=" + identity.substring(identity.lastIndexOf('/') + 1)), pair.getPublic());
            List<GeneralName> names = new ArrayList<>();
            names.add(new GeneralName(GeneralName.uniformResourceIdentifier, identity));
            urls.forEach(u -> names.add(new GeneralName(GeneralName.uniformResourceIdentifier, u)));
            names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
            names.add(new GeneralName(GeneralName.dNSName, "localhost"));
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth,
                    KeyPurposeId.id_kp_clientAuth}));
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
            return new Issued(pair.getPrivate(), cert, ca);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code issued} as the node's certificate, key and CA files; returns the Spring properties that point at them. */
    public static List<String> files(Issued issued, Path dir) {
        try {
            Files.createDirectories(dir);
            Path cert = Files.writeString(dir.resolve("node.crt"), pem(issued.certificate()));
            Path key = Files.writeString(dir.resolve("node.key"), pem(issued.key()));
            Path ca = Files.writeString(dir.resolve("ca.crt"), pem(issued.ca()));
            return List.of("lmaas.node.tls.certificate=" + cert, "lmaas.node.tls.private-key=" + key, "lmaas.node.tls.ca-certificate=" + ca);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String pem(Object o) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o instanceof PrivateKey key ? new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, null) : o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    public static javax.net.ssl.TrustManager[] trusting(X509Certificate ca) {
        try {
            KeyStore ts = KeyStore.getInstance("PKCS12");
            ts.load(null, null);
            ts.setCertificateEntry("ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ts);
            return tmf.getTrustManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** TLS 1.3 without a client certificate, trusting {@code ca}. */
    public static SSLContext anonymous(X509Certificate ca) {
        try {
            SSLContext c = SSLContext.getInstance("TLSv1.3");
            c.init(null, trusting(ca), null);
            return c;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair keyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
