package dev.lmaas.platform.api.nodes.pki;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/** PEM in and out (certificates, PKCS#8 keys, PKCS#10 requests), through Bouncy Castle. */
public final class Pem {

    private Pem() {
    }

    public static String write(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
            // Private keys as PKCS#8 ("PRIVATE KEY"), which every tool reads; BC would write SEC1 for EC keys.
            pem.writeObject(object instanceof PrivateKey key ? new JcaPKCS8Generator(key, null) : object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    public static X509Certificate certificate(String pem) {
        Object o = read(pem);
        if (!(o instanceof X509CertificateHolder holder)) {
            throw new IllegalArgumentException("not a PEM certificate");
        }
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CertificateException e) {
            throw new IllegalArgumentException("not a valid certificate", e);
        }
    }

    public static PrivateKey privateKey(String pem) {
        Object o = read(pem);
        try {
            if (o instanceof PrivateKeyInfo info) {
                return new JcaPEMKeyConverter().getPrivateKey(info);
            }
            if (o instanceof PEMKeyPair pair) {
                return new JcaPEMKeyConverter().getPrivateKey(pair.getPrivateKeyInfo()); // SEC1 "EC PRIVATE KEY" may omit the public key
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not a valid private key", e);
        }
        throw new IllegalArgumentException("not a PEM private key");
    }

    public static PKCS10CertificationRequest csr(String pem) {
        Object o = read(pem);
        if (!(o instanceof PKCS10CertificationRequest csr)) {
            throw new IllegalArgumentException("not a PEM certificate signing request");
        }
        return csr;
    }

    private static Object read(String pem) {
        if (pem == null || pem.length() > 64 * 1024) {
            throw new IllegalArgumentException("no PEM object");
        }
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object o = parser.readObject();
            if (o == null) {
                throw new IllegalArgumentException("no PEM object");
            }
            return o;
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("unreadable PEM", e);
        }
    }
}
