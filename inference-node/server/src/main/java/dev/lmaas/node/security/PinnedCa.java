package dev.lmaas.node.security;

import dev.lmaas.node.protocol.NodeIdentity;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * First contact, kubeadm's way: before the node has the cluster CA, it trusts the control plane
 * only if the chain it presents contains a CA whose public-key pin equals the one given with the
 * join token, and the control plane's certificate verifies against that CA (host name checked too).
 * A man in the middle without the CA's key cannot produce such a chain, so the token is never sent
 * to anyone else.
 */
final class PinnedCa extends X509ExtendedTrustManager {

    private final String pin;

    PinnedCa(String pin) {
        this.pin = pin.trim().toLowerCase(java.util.Locale.ROOT);
    }

    static SSLContext context(String pin) {
        try {
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(null, new TrustManager[] {new PinnedCa(pin)}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private X509ExtendedTrustManager anchored(X509Certificate[] chain) throws CertificateException {
        for (X509Certificate c : chain) {
            if (NodeIdentity.pin(c).equals(pin)) {
                try {
                    for (TrustManager tm : LinkIdentity.trustCa(c)) {
                        if (tm instanceof X509ExtendedTrustManager x) {
                            return x;
                        }
                    }
                } catch (GeneralSecurityException e) {
                    throw new CertificateException(e);
                }
            }
        }
        throw new CertificateException("the control plane's chain holds no CA with the pinned key " + pin);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        anchored(chain).checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        anchored(chain).checkServerTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        anchored(chain).checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("client side only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("client side only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("client side only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
