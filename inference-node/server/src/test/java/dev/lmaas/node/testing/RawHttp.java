package dev.lmaas.node.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Sends a request line exactly as written. HTTP client libraries normalise or re-encode paths
 * (dot segments, {@code %69}), which is the very thing a path-confusion test must not have done for it.
 */
public final class RawHttp {

    public record Answer(int status, String body) {
    }

    private final Supplier<Socket> connect;

    public RawHttp(Supplier<Socket> connect) {
        this.connect = connect;
    }

    public static RawHttp plain(int port) {
        return new RawHttp(() -> {
            try {
                return new Socket("127.0.0.1", port);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Over TLS, presenting whatever {@code tls} holds (or no certificate). */
    public static RawHttp tls(int port, javax.net.ssl.SSLContext tls) {
        return new RawHttp(() -> {
            try {
                javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port);
                s.startHandshake();
                return s;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    public Answer send(String method, String rawPath, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = method + " " + rawPath + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                + (bytes.length > 0 || method.equals("POST") ? "Content-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n" : "")
                + "\r\n";
        try (Socket socket = connect.get()) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            return parse(socket.getInputStream().readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Answer parse(byte[] raw) {
        String all = new String(raw, StandardCharsets.ISO_8859_1);
        int end = all.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IllegalStateException("no complete HTTP answer: " + all);
        }
        String[] lines = all.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        boolean chunked = false;
        for (String line : lines) {
            if (line.toLowerCase(Locale.ROOT).replace(" ", "").equals("transfer-encoding:chunked")) {
                chunked = true;
            }
        }
        String rest = all.substring(end + 4);
        return new Answer(status, new String((chunked ? unchunk(rest) : rest).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
    }

    private static String unchunk(String body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (true) {
            int lineEnd = body.indexOf("\r\n", at);
            int size = Integer.parseInt(body.substring(at, lineEnd).split(";")[0].trim(), 16);
            if (size == 0) {
                return out.toString(StandardCharsets.ISO_8859_1);
            }
            out.writeBytes(body.substring(lineEnd + 2, lineEnd + 2 + size).getBytes(StandardCharsets.ISO_8859_1));
            at = lineEnd + 2 + size + 2;
        }
    }
}
