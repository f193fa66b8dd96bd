package dev.lmaas.platform.api.backup;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Passphrase encryption of a stream of any length: AES-256-GCM over 64 KiB segments (the STREAM
 * construction), key from PBKDF2-HMAC-SHA256. Each segment's nonce is a random prefix plus its
 * number, and its authenticated data the file header plus a "last segment" flag, so a reordered,
 * altered, spliced or truncated file fails to open instead of restoring partial data.
 */
final class Sealed {

    static final byte[] MAGIC = "LMAASBK1".getBytes(StandardCharsets.US_ASCII);
    static final int ITERATIONS = 600_000; // OWASP 2023 guidance for PBKDF2-HMAC-SHA256
    static final int SEGMENT = 64 * 1024;
    static final int MIN_PASSPHRASE = 12;

    private Sealed() {
    }

    /** An output stream whose bytes are sealed into {@code out}; close it to write the last segment. */
    static OutputStream seal(OutputStream out, char[] passphrase) throws IOException {
        byte[] salt = random(16);
        byte[] prefix = random(8);
        ByteBuffer header = ByteBuffer.allocate(MAGIC.length + 16 + 4 + 8).put(MAGIC).put(salt).putInt(ITERATIONS).put(prefix);
        out.write(header.array());
        SecretKeySpec key = key(passphrase, salt, ITERATIONS);
        return new SegmentWriter(new DataOutputStream(out), key, header.array(), prefix);
    }

    /** The plain bytes of a sealed stream; throws {@link IOException} at the first segment that does not authenticate. */
    static InputStream open(InputStream in, char[] passphrase) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] header = new byte[MAGIC.length + 16 + 4 + 8];
        try {
            data.readFully(header);
        } catch (EOFException e) {
            throw new IOException("not an LMaaS backup (too short)");
        }
        ByteBuffer h = ByteBuffer.wrap(header);
        byte[] magic = new byte[MAGIC.length];
        h.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IOException("not an LMaaS backup (unknown format)");
        }
        byte[] salt = new byte[16];
        h.get(salt);
        int iterations = h.getInt();
        if (iterations < 100_000 || iterations > 10_000_000) {
            throw new IOException("not an LMaaS backup (implausible key derivation)");
        }
        byte[] prefix = new byte[8];
        h.get(prefix);
        return new SegmentReader(data, key(passphrase, salt, iterations), header, prefix);
    }

    static byte[] sealBytes(byte[] plain, char[] passphrase) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream s = seal(out, passphrase)) {
            s.write(plain);
        }
        return out.toByteArray();
    }

    static byte[] openBytes(byte[] sealed, char[] passphrase) throws IOException {
        try (InputStream in = open(new ByteArrayInputStream(sealed), passphrase)) {
            return in.readAllBytes();
        }
    }

    private static SecretKeySpec key(char[] passphrase, byte[] salt, int iterations) throws IOException {
        if (passphrase.length < MIN_PASSPHRASE) {
            throw new IOException("a backup passphrase needs at least " + MIN_PASSPHRASE + " characters");
        }
        try {
            byte[] k = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(passphrase, salt, iterations, 256)).getEncoded();
            return new SecretKeySpec(k, "AES");
        } catch (GeneralSecurityException e) {
            throw new IOException("key derivation failed", e);
        }
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }

    private static Cipher cipher(int mode, SecretKeySpec key, byte[] prefix, int counter, byte[] header, boolean last) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            byte[] nonce = ByteBuffer.allocate(12).put(prefix).putInt(counter).array();
            c.init(mode, key, new GCMParameterSpec(128, nonce));
            c.updateAAD(header);
            c.updateAAD(new byte[] {(byte) (last ? 1 : 0)});
            return c;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    private static final class SegmentWriter extends OutputStream {
        private final DataOutputStream out;
        private final SecretKeySpec key;
        private final byte[] header;
        private final byte[] prefix;
        private final byte[] buffer = new byte[SEGMENT];
        private int filled;
        private int counter;
        private boolean closed;

        SegmentWriter(DataOutputStream out, SecretKeySpec key, byte[] header, byte[] prefix) {
            this.out = out;
            this.key = key;
            this.header = header;
            this.prefix = prefix;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                if (filled == SEGMENT) {
                    flushSegment(false); // only a full buffer with more to come is not the last
                }
                int n = Math.min(len, SEGMENT - filled);
                System.arraycopy(b, off, buffer, filled, n);
                filled += n;
                off += n;
                len -= n;
            }
        }

        private void flushSegment(boolean last) throws IOException {
            byte[] ct;
            try {
                ct = cipher(Cipher.ENCRYPT_MODE, key, prefix, counter++, header, last).doFinal(buffer, 0, filled);
            } catch (GeneralSecurityException e) {
                throw new IOException("encryption failed", e);
            }
            out.writeByte(last ? 1 : 0);
            out.writeInt(ct.length);
            out.write(ct);
            filled = 0;
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                flushSegment(true);
                out.close();
            }
        }
    }

    private static final class SegmentReader extends InputStream {
        private final DataInputStream in;
        private final SecretKeySpec key;
        private final byte[] header;
        private final byte[] prefix;
        private byte[] plain = new byte[0];
        private int pos;
        private int counter;
        private boolean ended;

        SegmentReader(DataInputStream in, SecretKeySpec key, byte[] header, byte[] prefix) {
            this.in = in;
            this.key = key;
            this.header = header;
            this.prefix = prefix;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (pos == plain.length) {
                if (ended) {
                    return -1;
                }
                nextSegment();
            }
            int n = Math.min(len, plain.length - pos);
            System.arraycopy(plain, pos, b, off, n);
            pos += n;
            return n;
        }

        private void nextSegment() throws IOException {
            boolean last;
            byte[] ct;
            try {
                last = in.readByte() == 1;
                int length = in.readInt();
                if (length < 16 || length > SEGMENT + 16) {
                    throw new IOException("the backup is damaged (segment " + counter + ")");
                }
                ct = new byte[length];
                in.readFully(ct);
            } catch (EOFException e) {
                throw new IOException("the backup is truncated (segment " + counter + " missing)");
            }
            try {
                plain = cipher(Cipher.DECRYPT_MODE, key, prefix, counter++, header, last).doFinal(ct);
            } catch (GeneralSecurityException e) {
                throw new IOException(counter == 1
                        ? "wrong passphrase, or the backup is damaged"
                        : "the backup is damaged or altered (segment " + (counter - 1) + " does not authenticate)");
            }
            pos = 0;
            ended = last;
            if (last && in.read() != -1) {
                throw new IOException("the backup has data after its last segment");
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
