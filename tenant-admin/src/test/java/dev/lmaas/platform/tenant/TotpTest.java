package dev.lmaas.platform.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** {@link Totp} against RFC 6238's appendix B and RFC 4648's base32 vectors, plus what authenticator apps need. */
class TotpTest {

    static final byte[] SHA1_SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    static final byte[] SHA256_SEED = "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);
    static final byte[] SHA512_SEED = "1234567890123456789012345678901234567890123456789012345678901234".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest(name = "T={0}")
    @CsvSource({
            "59,          94287082, 46119246, 90693936",
            "1111111109,  07081804, 68084774, 25091201",
            "1111111111,  14050471, 67062674, 99943326",
            "1234567890,  89005924, 91819424, 93441116",
            "2000000000,  69279037, 90698825, 38618901",
            "20000000000, 65353130, 77737706, 47863826"})
    void rfc6238TestVectors(long seconds, String sha1, String sha256, String sha512) {
        long step = Totp.step(Instant.ofEpochSecond(seconds));
        assertThat(Totp.code(SHA1_SEED, step, 8, "HmacSHA1")).isEqualTo(sha1);
        assertThat(Totp.code(SHA256_SEED, step, 8, "HmacSHA256")).isEqualTo(sha256);
        assertThat(Totp.code(SHA512_SEED, step, 8, "HmacSHA512")).isEqualTo(sha512);
    }

    @Test
    void sixDigitCodesAreTheLastSixOfTheRfcCodes() {
        // What apps show: the same truncation modulo 10^6 (RFC 4226's own 6-digit vectors for counters 0 and 1).
        assertThat(Totp.code(SHA1_SEED, 0)).isEqualTo("755224");
        assertThat(Totp.code(SHA1_SEED, 1)).isEqualTo("287082");
        assertThat(Totp.codeAt(Totp.toBase32(SHA1_SEED), Instant.ofEpochSecond(59))).isEqualTo("287082");
    }

    @Test
    void stepsAreThirtySeconds() {
        assertThat(Totp.step(Instant.ofEpochSecond(29))).isZero();
        assertThat(Totp.step(Instant.ofEpochSecond(30))).isEqualTo(1);
        assertThat(Totp.step(Instant.ofEpochSecond(1111111109))).isEqualTo(0x23523EC);
    }

    @Test
    void base32AsRfc4648() {
        assertThat(Totp.toBase32("".getBytes(StandardCharsets.US_ASCII))).isEmpty();
        assertThat(Totp.toBase32("f".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MY");
        assertThat(Totp.toBase32("foob".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YQ");
        assertThat(Totp.toBase32("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTBOI");
        assertThat(new String(Totp.fromBase32("mzxw 6ytb-oi======"), StandardCharsets.US_ASCII)).isEqualTo("foobar");
        assertThatThrownBy(() -> Totp.fromBase32("MZXW1")).isInstanceOf(IllegalArgumentException.class);
        byte[] secret = Totp.newSecret();
        assertThat(secret).hasSize(20);
        assertThat(Totp.toBase32(secret)).hasSize(32);
        assertThat(Totp.fromBase32(Totp.toBase32(secret))).isEqualTo(secret);
    }

    @Test
    void secretsAreFresh() {
        assertThat(Totp.newSecret()).isNotEqualTo(Totp.newSecret());
    }

    @Test
    void otpauthUriAsAuthenticatorAppsReadIt() {
        String uri = Totp.otpauthUri("LMaaS", "ada+ops@example.test", "foobar".getBytes(StandardCharsets.US_ASCII));
        assertThat(uri).isEqualTo("otpauth://totp/LMaaS:ada%2Bops%40example.test?secret=MZXW6YTBOI&issuer=LMaaS&algorithm=SHA1&digits=6&period=30");
    }
}
