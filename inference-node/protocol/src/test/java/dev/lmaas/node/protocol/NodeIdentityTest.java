package dev.lmaas.node.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Advertised URLs are scheme + host + port only, and paths are decided on one reading. */
class NodeIdentityTest {

    @Test
    void onlyBareHttpsUrlsAreAdvertisable() {
        assertThat(NodeIdentity.canonicalUrl("https://10.0.0.7:8443")).hasValue("https://10.0.0.7:8443");
        assertThat(NodeIdentity.canonicalUrl("https://Node-A.example:443")).hasValue("https://node-a.example:443");
        for (String bad : new String[] {"http://10.0.0.7:8443", "https://10.0.0.7", "https://10.0.0.7:8443/", "https://10.0.0.7:8443/x",
                "https://a@10.0.0.7:8443", "https://10.0.0.7:8443?q", "https://10.0.0.7:8443#f", "https://169.254.169.254:80/latest/meta-data",
                "file:///etc/passwd", "", null}) {
            assertThat(NodeIdentity.canonicalUrl(bad)).as(String.valueOf(bad)).isEmpty();
        }
    }

    @Test
    void canonicalPathsDecodeOnceAndRefuseAmbiguity() {
        assertThat(CanonicalPath.of("/%69nternal/v1/infer").path()).isEqualTo("/internal/v1/infer");
        for (String bad : new String[] {"/a/../b", "/a/./b", "/a/%2e%2e/b", "/a%2fb", "/a%5Cb", "/a;x=1", "/%2569", "//a", "a",
                "/%zz", "/%C0%AE", "/a\\b"}) {
            assertThat(CanonicalPath.of(bad).refused()).as(bad).isTrue();
        }
    }
}
