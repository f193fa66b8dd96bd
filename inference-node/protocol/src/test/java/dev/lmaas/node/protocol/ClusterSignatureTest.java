package dev.lmaas.node.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ClusterSignatureTest {

    final ClusterSignature signer = new ClusterSignature("a-shared-cluster-secret");
    final byte[] body = "{\"model\":\"m\"}".getBytes(StandardCharsets.UTF_8);
    final Instant now = Instant.ofEpochSecond(1_800_000_000L);

    @Test
    void acceptsItsOwnSignature() {
        String sig = signer.sign("POST", "/internal/v1/infer", now.getEpochSecond(), body);
        assertThat(signer.verify("POST", "/internal/v1/infer", String.valueOf(now.getEpochSecond()), sig, body, now)).isTrue();
    }

    @Test
    void refusesTamperedBodyPathMethodOrSecret() {
        String ts = String.valueOf(now.getEpochSecond());
        String sig = signer.sign("POST", "/internal/v1/infer", now.getEpochSecond(), body);
        assertThat(signer.verify("POST", "/internal/v1/infer", ts, sig, "{}".getBytes(), now)).isFalse();
        assertThat(signer.verify("POST", "/internal/v1/other", ts, sig, body, now)).isFalse();
        assertThat(signer.verify("GET", "/internal/v1/infer", ts, sig, body, now)).isFalse();
        assertThat(new ClusterSignature("another-cluster-secret!").verify("POST", "/internal/v1/infer", ts, sig, body, now)).isFalse();
    }

    @Test
    void refusesStaleOrMissingTimestamps() {
        long old = now.getEpochSecond() - 301;
        String sig = signer.sign("POST", "/p", old, body);
        assertThat(signer.verify("POST", "/p", String.valueOf(old), sig, body, now)).isFalse();
        assertThat(signer.verify("POST", "/p", null, sig, body, now)).isFalse();
        assertThat(signer.verify("POST", "/p", "not-a-number", sig, body, now)).isFalse();
        assertThat(signer.verify("POST", "/p", String.valueOf(now.getEpochSecond()), null, body, now)).isFalse();
    }

    @Test
    void refusesShortSecrets() {
        assertThatThrownBy(() -> new ClusterSignature("short")).isInstanceOf(IllegalArgumentException.class);
    }
}
