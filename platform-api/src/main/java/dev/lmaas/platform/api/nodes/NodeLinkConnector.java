package dev.lmaas.platform.api.nodes;

import org.apache.catalina.connector.Connector;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * The node link's own Tomcat connector: TLS 1.3 only, the replica's link certificate, client
 * certificates verified against the cluster CA only ("optional" so that a node without one can
 * enroll; every other link call is refused without one by {@link NodeLinkAuthentication}). Nothing
 * on the public port reaches {@code /internal}, and nothing but {@code /internal} is served here.
 */
@Component
public class NodeLinkConnector implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    private final NodeLinkTls tls;
    private final NodeLinkProperties properties;
    private volatile Connector connector;

    NodeLinkConnector(NodeLinkTls tls, NodeLinkProperties properties) {
        this.tls = tls;
        this.properties = properties;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        Connector c = new Connector(Http11NioProtocol.class.getName());
        c.setPort(properties.port());
        c.setScheme("https");
        c.setSecure(true);
        Http11NioProtocol protocol = (Http11NioProtocol) c.getProtocolHandler();
        protocol.setSSLEnabled(true);
        protocol.setMaxKeepAliveRequests(-1);
        SSLHostConfig ssl = new SSLHostConfig();
        ssl.setProtocols("TLSv1.3");
        ssl.setCertificateVerification("optional");
        ssl.setTrustStore(tls.trustStore());
        SSLHostConfigCertificate cert = new SSLHostConfigCertificate(ssl, SSLHostConfigCertificate.Type.UNDEFINED);
        cert.setCertificateKeystore(tls.keyStore());
        cert.setCertificateKeystorePassword(new String(NodeLinkTls.IN_MEMORY));
        cert.setCertificateKeyPassword(new String(NodeLinkTls.IN_MEMORY));
        ssl.addCertificate(cert);
        protocol.addSslHostConfig(ssl);
        tls.onRenew(() -> {
            cert.setCertificateKeystore(tls.keyStore());
            if (connector != null) {
                protocol.reloadSslHostConfigs();
            }
        });
        factory.addAdditionalConnectors(c);
        connector = c;
    }

    /** The port the link listens on (the actual one when configured as 0); -1 before the server started. */
    public int port() {
        Connector c = connector;
        return c == null ? -1 : c.getLocalPort();
    }

    /** The URL nodes are given to reach the link. */
    public String url() {
        if (properties.url() != null && !properties.url().isBlank()) {
            return properties.url();
        }
        String host = properties.hosts().getFirst();
        return "https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
    }

    boolean isLinkPort(int localPort) {
        return localPort == port();
    }
}
