package dev.lmaas.node.security;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/**
 * This node's identity on the node link: its private key (never written anywhere when it enrolled
 * itself), its certificate from the cluster CA, and that CA, the only trust anchor of the link.
 * Calls to the control plane present the current certificate; a renewal swaps it without new
 * SSL contexts.
 */
public final class LinkIdentity {

    public record Keys(PrivateKey key, X509Certificate certificate, X509Certificate ca) {
        String alias() {
            return certificate.getSerialNumber().toString(16);
        }
    }

    private final AtomicReference<Keys> current;
    private volatile Keys previous;

    public LinkIdentity(Keys keys) {
        this.current = new AtomicReference<>(keys);
    }

    public Keys keys() {
        return current.get();
    }

    void replace(Keys keys) {
        previous = current.getAndSet(keys);
    }

    /** TLS 1.3 for calls to the control plane: our current certificate, the cluster CA as the only anchor. */
    public SSLContext clientContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(new KeyManager[] {new CurrentKey()}, trustCa(current.get().ca()), new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static TrustManager[] trustCa(X509Certificate ca) throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trustStore(ca));
        return tmf.getTrustManagers();
    }

    static KeyStore trustStore(X509Certificate ca) {
        try {
            KeyStore ts = KeyStore.getInstance("PKCS12");
            ts.load(null, null);
            ts.setCertificateEntry("cluster-ca", ca);
            return ts;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(Object o) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    static X509Certificate certificate(String pem) {
        try (PEMParser p = new PEMParser(new StringReader(pem))) {
            if (p.readObject() instanceof X509CertificateHolder h) {
                return new JcaX509CertificateConverter().getCertificate(h);
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("not a PEM certificate", e);
        }
        throw new IllegalArgumentException("not a PEM certificate");
    }

    static PrivateKey privateKey(String pem) {
        try (PEMParser p = new PEMParser(new StringReader(pem))) {
            Object o = p.readObject();
            if (o instanceof PrivateKeyInfo info) {
                return new JcaPEMKeyConverter().getPrivateKey(info);
            }
            if (o instanceof PEMKeyPair pair) {
                return new JcaPEMKeyConverter().getPrivateKey(pair.getPrivateKeyInfo()); // SEC1 "EC PRIVATE KEY" may omit the public key
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a PEM private key", e);
        }
        throw new IllegalArgumentException("not a PEM private key");
    }

    private Keys byAlias(String alias) {
        Keys c = current.get();
        Keys p = previous;
        return c.alias().equals(alias) ? c : p != null && p.alias().equals(alias) ? p : null;
    }

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
            Keys k = byAlias(alias);
            return k == null ? null : new X509Certificate[] {k.certificate(), k.ca()};
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            Keys k = byAlias(alias);
            return k == null ? null : k.key();
        }
    }
}
