package dev.lmaas.platform.api.nodes.pki;

import dev.lmaas.node.protocol.NodeIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The node link's certificate authority. Its key signs every node certificate and the control
 * plane's own; nodes trust nothing else on the link. Loaded from operator-given PEM files, or
 * generated once into {@code DATA_DIR/secrets/node-ca/} (key 0600) for a single-machine install.
 * Replicas of the control plane must share it (same files).
 */
public final class ClusterCa {

    private static final SecureRandom RANDOM = new SecureRandom();
    private final X509Certificate certificate;
    private final PrivateKey key;

    public ClusterCa(X509Certificate certificate, PrivateKey key) {
        this.certificate = certificate;
        this.key = key;
    }

    /** Reads the CA from {@code certFile} and {@code keyFile}, creating both first if neither exists. */
    public static ClusterCa loadOrCreate(Path certFile, Path keyFile, PrivateFileWriter writer) {
        try {
            if (!Files.exists(certFile) && !Files.exists(keyFile)) {
                KeyPair pair = newKeyPair();
                X509Certificate cert = selfSigned(pair);
                writer.write(keyFile, Pem.write(pair.getPrivate()));
                writer.write(certFile, Pem.write(cert));
            }
            return new ClusterCa(Pem.certificate(Files.readString(certFile)), Pem.privateKey(Files.readString(keyFile)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the node-link CA at " + certFile + " / " + keyFile, e);
        }
    }

    /** Writes a file readable by its owner only. */
    public interface PrivateFileWriter {
        void write(Path file, String content) throws IOException;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public String certificatePem() {
        return Pem.write(certificate);
    }

    /** The kubeadm-style pin nodes check on first contact. */
    public String pin() {
        return NodeIdentity.pin(certificate);
    }

    /**
     * Issues a certificate for {@code publicKey}: the cluster identity and {@code urls} as URI names,
     * {@code hosts} as DNS or IP names (so ordinary hostname verification works too).
     */
    public X509Certificate issue(PublicKey publicKey, String identity, List<String> urls, List<String> hosts, Duration lifetime,
                                 boolean server, boolean client) {
        try {
            Instant now = Instant.now();
            String cn = identity.substring(identity.lastIndexOf('/') + 1);
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(certificate,
                    new BigInteger(127, RANDOM).add(BigInteger.ONE), Date.from(now.minusSeconds(60)), Date.from(now.plus(lifetime)),
                    new X500Name("CN=" + cn), publicKey);
            List<GeneralName> names = new ArrayList<>();
            names.add(new GeneralName(GeneralName.uniformResourceIdentifier, identity));
            urls.forEach(u -> names.add(new GeneralName(GeneralName.uniformResourceIdentifier, u)));
            for (String host : hosts) {
                names.add(isIp(host) ? new GeneralName(GeneralName.iPAddress, host) : new GeneralName(GeneralName.dNSName, host));
            }
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            List<KeyPurposeId> purposes = new ArrayList<>();
            if (server) {
                purposes.add(KeyPurposeId.id_kp_serverAuth);
            }
            if (client) {
                purposes.add(KeyPurposeId.id_kp_clientAuth);
            }
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes.toArray(KeyPurposeId[]::new)));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(publicKey));
            return new JcaX509CertificateConverter().getCertificate(b.build(signer(key)));
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot issue a certificate", e);
        }
    }

    public static KeyPair newKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate selfSigned(KeyPair pair) {
        try {
            Instant now = Instant.now();
            X500Name name = new X500Name("CN=LMaaS node-link CA " + now.getEpochSecond());
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, new BigInteger(127, RANDOM).add(BigInteger.ONE),
                    Date.from(now.minusSeconds(60)), Date.from(now.plus(Duration.ofDays(3650))), name, pair.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
            return new JcaX509CertificateConverter().getCertificate(b.build(signer(pair.getPrivate())));
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot create the node-link CA", e);
        }
    }

    private static org.bouncycastle.operator.ContentSigner signer(PrivateKey key) throws OperatorCreationException {
        return new JcaContentSignerBuilder(key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA").build(key);
    }

    static boolean isIp(String host) {
        return host.matches("[0-9.]+") || host.contains(":");
    }

}
