package dev.lmaas.platform.api.backup;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The backup's inner format: named entries of any length, each written as length-prefixed chunks
 * ending with an empty chunk, so a table can stream straight from PostgreSQL's COPY without being
 * buffered or counted first. (Sealed and compressed around it by {@link BackupCommand}.)
 */
final class Archive {

    private Archive() {
    }

    static final class Writer {
        private final DataOutputStream out;

        Writer(OutputStream out) {
            this.out = new DataOutputStream(out);
        }

        /** Starts an entry; close the returned stream before the next one. */
        OutputStream entry(String name) throws IOException {
            out.writeByte(1);
            out.writeUTF(name);
            return new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    if (len > 0) {
                        out.writeInt(len);
                        out.write(b, off, len);
                    }
                }

                @Override
                public void close() throws IOException {
                    out.writeInt(0);
                }
            };
        }

        void entry(String name, byte[] content) throws IOException {
            try (OutputStream e = entry(name)) {
                e.write(content);
            }
        }

        void finish() throws IOException {
            out.writeByte(0);
            out.flush();
        }
    }

    record Entry(String name, InputStream content) {
        byte[] bytes() throws IOException {
            return content.readAllBytes();
        }
    }

    static final class Reader {
        private final DataInputStream in;
        private Entry current;

        Reader(InputStream in) {
            this.in = new DataInputStream(in);
        }

        /** The next entry, or null at the end; the previous entry's unread bytes are skipped. */
        Entry next() throws IOException {
            if (current != null) {
                current.content().transferTo(OutputStream.nullOutputStream());
            }
            int kind;
            try {
                kind = in.readByte();
            } catch (EOFException e) {
                throw new IOException("the backup ends without its end marker");
            }
            if (kind == 0) {
                current = null;
                return null;
            }
            String name = in.readUTF();
            current = new Entry(name, new InputStream() {
                private int left;
                private boolean done;

                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (done) {
                        return -1;
                    }
                    if (left == 0) {
                        left = in.readInt();
                        if (left == 0) {
                            done = true;
                            return -1;
                        }
                    }
                    int n = in.read(b, off, Math.min(len, left));
                    if (n < 0) {
                        throw new EOFException("the backup is truncated inside " + name);
                    }
                    left -= n;
                    return n;
                }
            });
            return current;
        }
    }
}
