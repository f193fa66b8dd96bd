package dev.lmaas.platform.tenant.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CheckpointKeyTest {

    final UUID tenant = UUID.randomUUID();
    final byte[] hash = new byte[32];
    final Instant at = Instant.parse("2026-12-03T08:00:00.123456789Z");

    @Test
    void signsAndVerifiesACheckpointAndNothingElse() {
        CheckpointKey key = CheckpointKey.fromStored(CheckpointKey.generate());
        byte[] signature = key.sign(tenant, 5, hash, at);
        assertThat(key.verify(tenant, 5, hash, at, signature)).isTrue();
        assertThat(key.verify(tenant, 5, hash, Instant.parse("2026-12-03T08:00:00.123456Z"), signature))
                .as("signed at microsecond precision, as stored").isTrue();
        assertThat(key.verify(tenant, 6, hash, at, signature)).as("another position").isFalse();
        assertThat(key.verify(UUID.randomUUID(), 5, hash, at, signature)).as("another tenant").isFalse();
        byte[] other = hash.clone();
        other[0] = 1;
        assertThat(key.verify(tenant, 5, other, at, signature)).as("another hash").isFalse();
        assertThat(CheckpointKey.fromStored(CheckpointKey.generate()).verify(tenant, 5, hash, at, signature)).as("another key").isFalse();
        assertThat(CheckpointKey.verify(CheckpointKey.publicKey(key.publicKeyBase64()), tenant, 5, hash, at, signature))
                .as("with the published public key alone").isTrue();
    }

    @Test
    void refusesMalformedOrMismatchedKeys() {
        String a = CheckpointKey.generate();
        String b = CheckpointKey.generate();
        assertThatThrownBy(() -> CheckpointKey.fromStored(a.split("\\.")[0] + "." + b.split("\\.")[1]))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("do not belong together");
        assertThatThrownBy(() -> CheckpointKey.fromStored("not-a-key")).isInstanceOf(IllegalStateException.class);
    }
}
