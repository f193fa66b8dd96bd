package dev.lmaas.platform.api.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The backup's encryption and framing: round trip over many segments, and every way a file can be wrong is refused. */
class SealedTest {

    static final char[] PASSPHRASE = "a long enough passphrase".toCharArray();
    static final byte[] PLAIN = new byte[3 * Sealed.SEGMENT + 123]; // four segments, the last one partial
    static final byte[] SEALED;

    static {
        new Random(7).nextBytes(PLAIN);
        try {
            SEALED = Sealed.sealBytes(PLAIN, PASSPHRASE);
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Test
    void roundTripsAndHidesThePlainBytes() throws IOException {
        assertThat(Sealed.openBytes(SEALED, PASSPHRASE)).isEqualTo(PLAIN);
        byte[] probe = Arrays.copyOfRange(PLAIN, 1000, 1032);
        assertThat(indexOf(SEALED, probe)).isEqualTo(-1);
        assertThat(Sealed.sealBytes(PLAIN, PASSPHRASE)).as("fresh salt and nonces each time").isNotEqualTo(SEALED);
    }

    @Test
    void anEmptyStreamIsOneAuthenticatedSegment() throws IOException {
        assertThat(Sealed.openBytes(Sealed.sealBytes(new byte[0], PASSPHRASE), PASSPHRASE)).isEmpty();
    }

    @Test
    void wrongPassphraseIsRefused() {
        assertThatThrownBy(() -> Sealed.openBytes(SEALED, "another long passphrase".toCharArray()))
                .isInstanceOf(IOException.class).hasMessage("wrong passphrase, or the backup is damaged");
    }

    @Test
    void aFlippedByteIsRefused() {
        byte[] altered = SEALED.clone();
        altered[altered.length / 2] ^= 1;
        assertThatThrownBy(() -> Sealed.openBytes(altered, PASSPHRASE)).isInstanceOf(IOException.class).hasMessageContaining("damaged");
    }

    @Test
    void aTruncatedFileIsRefusedEvenAtASegmentBoundary() {
        int boundary = headerLength() + 2 * (1 + 4 + Sealed.SEGMENT + 16); // just after the second segment
        assertThatThrownBy(() -> Sealed.openBytes(Arrays.copyOf(SEALED, boundary), PASSPHRASE))
                .isInstanceOf(IOException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> Sealed.openBytes(Arrays.copyOf(SEALED, SEALED.length - 1), PASSPHRASE)).isInstanceOf(IOException.class);
    }

    @Test
    void aSegmentMarkedLastTooEarlyIsRefused() {
        byte[] altered = SEALED.clone();
        altered[headerLength()] = 1; // the first segment's "last" flag is authenticated, so its tag fails
        assertThatThrownBy(() -> Sealed.openBytes(altered, PASSPHRASE)).isInstanceOf(IOException.class);
    }

    @Test
    void dataAfterTheLastSegmentIsRefused() {
        byte[] longer = Arrays.copyOf(SEALED, SEALED.length + 1);
        assertThatThrownBy(() -> Sealed.openBytes(longer, PASSPHRASE)).isInstanceOf(IOException.class).hasMessageContaining("after its last segment");
    }

    @Test
    void shortPassphrasesAndOtherFilesAreRefused() {
        assertThatThrownBy(() -> Sealed.sealBytes(PLAIN, "short".toCharArray())).isInstanceOf(IOException.class).hasMessageContaining("at least 12");
        assertThatThrownBy(() -> Sealed.openBytes("PK\u0003\u0004 not a backup at all, a zip maybe".getBytes(), PASSPHRASE))
                .isInstanceOf(IOException.class).hasMessage("not an LMaaS backup (unknown format)");
    }

    @Test
    void archiveEntriesStreamInOrderAndTheEndIsRequired() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Archive.Writer w = new Archive.Writer(bytes);
        w.entry("a", "first".getBytes());
        try (OutputStream big = w.entry("b")) {
            big.write(PLAIN);
        }
        w.finish();
        Archive.Reader r = new Archive.Reader(new ByteArrayInputStream(bytes.toByteArray()));
        assertThat(new String(r.next().bytes())).isEqualTo("first");
        Archive.Entry b = r.next();
        assertThat(b.name()).isEqualTo("b");
        try (InputStream in = b.content()) {
            assertThat(in.readAllBytes()).isEqualTo(PLAIN);
        }
        assertThat(r.next()).isNull();
        Archive.Reader cut = new Archive.Reader(new ByteArrayInputStream(Arrays.copyOf(bytes.toByteArray(), bytes.size() - 1)));
        assertThat(cut.next().name()).isEqualTo("a");
        assertThat(cut.next().name()).isEqualTo("b"); // skipped unread by the next call
        assertThatThrownBy(cut::next).isInstanceOf(IOException.class).hasMessageContaining("end marker");
    }

    private static int headerLength() {
        return Sealed.MAGIC.length + 16 + 4 + 8;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
