package dev.lmaas.node.protocol;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Who is at the other end of a node link, as written in the certificates the cluster CA issues:
 * a URI subject alternative name {@code spiffe://lmaas.cluster/control-plane} or
 * {@code spiffe://lmaas.cluster/node/<node id>}, and for a node its advertised URL
 * ({@code https://host:port}) as a second URI name. Both sides read identities through this class
 * only, so they cannot disagree on the format.
 */
public final class NodeIdentity {

    public static final String CONTROL_PLANE = "spiffe://lmaas.cluster/control-plane";
    public static final String NODE_PREFIX = "spiffe://lmaas.cluster/node/";
    /** Node ids: what may follow {@link #NODE_PREFIX} and appear in paths and logs. */
    public static final String NODE_ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,99}";

    private NodeIdentity() {
    }

    public static String forNode(String nodeId) {
        return NODE_PREFIX + nodeId;
    }

    /** The certificate's cluster identity (its spiffe URI name), if it has exactly one. */
    public static Optional<String> of(X509Certificate certificate) {
        List<String> ids = uris(certificate).stream().filter(u -> u.startsWith("spiffe://lmaas.cluster/")).toList();
        return ids.size() == 1 ? Optional.of(ids.getFirst()) : Optional.empty();
    }

    /** The node id in a node certificate, if it is one. */
    public static Optional<String> nodeId(X509Certificate certificate) {
        return of(certificate).filter(id -> id.startsWith(NODE_PREFIX)).map(id -> id.substring(NODE_PREFIX.length()))
                .filter(id -> id.matches(NODE_ID_PATTERN));
    }

    public static boolean isControlPlane(X509Certificate certificate) {
        return of(certificate).filter(CONTROL_PLANE::equals).isPresent();
    }

    /** The https URLs a certificate is bound to (a node's advertised URL). */
    public static List<String> urls(X509Certificate certificate) {
        return uris(certificate).stream().filter(u -> u.startsWith("https://")).toList();
    }

    /**
     * The canonical form of an advertised URL, {@code https://host:port} with nothing else (no path,
     * query, fragment or user info: the control plane appends its own paths), or empty if it is not one.
     */
    public static Optional<String> canonicalUrl(String url) {
        if (url == null) {
            return Optional.empty();
        }
        try {
            URI u = new URI(url);
            boolean bare = "https".equals(u.getScheme()) && u.getHost() != null && u.getPort() > 0 && u.getRawUserInfo() == null
                    && (u.getRawPath() == null || u.getRawPath().isEmpty()) && u.getRawQuery() == null && u.getRawFragment() == null;
            return bare ? Optional.of("https://" + u.getHost().toLowerCase(Locale.ROOT) + ":" + u.getPort()) : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /**
     * The pin of a CA certificate as kubeadm gives it with a join token: {@code sha256:} and the hex
     * SHA-256 of the certificate's SubjectPublicKeyInfo. A node checks the control plane's CA against
     * it on first contact, before it trusts anything the control plane says.
     */
    public static String pin(X509Certificate ca) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(ca.getPublicKey().getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> uris(X509Certificate certificate) {
        List<String> out = new ArrayList<>();
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            if (names != null) {
                for (List<?> name : names) {
                    if (name.size() >= 2 && Integer.valueOf(6).equals(name.get(0)) && name.get(1) instanceof String uri) {
                        out.add(uri);
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return List.of();
        }
        return out;
    }
}
