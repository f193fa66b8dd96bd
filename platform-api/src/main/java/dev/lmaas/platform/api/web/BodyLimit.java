package dev.lmaas.platform.api.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses bodies over the configured size with 413 on every surface: at once when Content-Length
 * says so, else while reading (chunked uploads), so a huge body is never buffered whole. Machine
 * APIs answer in OpenAI's error shape ({@code payload_too_large}); the console gets its error page.
 * Chunked console bodies are read here, within the limit, because the container parses forms
 * itself (for the CSRF check, before any controller) from a copy this filter could not bound.
 */
public class BodyLimit extends OncePerRequestFilter {

    private final long limit;
    private final java.util.function.Predicate<String> skip;

    public BodyLimit(long limit) {
        this(limit, path -> false);
    }

    /** {@code skip}: paths limited elsewhere (the tenant API limits bodies after authentication, so a 413 is audited to its tenant). */
    public BodyLimit(long limit, java.util.function.Predicate<String> skip) {
        this.limit = limit;
        this.skip = skip;
    }

    static String path(HttpServletRequest request) {
        return request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return skip.test(path(request));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean machine = ErrorResponses.isMachinePath(path(request));
        if (request.getContentLengthLong() > limit) {
            refuse(response, machine);
            return;
        }
        if (!machine && request.getContentLengthLong() < 0 && request.getHeader("Transfer-Encoding") != null) {
            byte[] body = readWithin(request);
            if (body == null) {
                refuse(response, false);
                return;
            }
            chain.doFilter(new BufferedBody(request, body), response);
            return;
        }
        try {
            chain.doFilter(new Limited(request, limit), response);
        } catch (IOException | ServletException | RuntimeException e) {
            // A filter further down that reads the body itself (a signature check) lets the overrun escape.
            if (!tooLarge(e) || response.isCommitted()) {
                throw e;
            }
            refuse(response, machine);
        }
    }

    private static boolean tooLarge(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PayloadTooLargeException) {
                return true;
            }
        }
        return false;
    }

    private void refuse(HttpServletResponse response, boolean machine) throws IOException {
        if (machine) {
            ErrorResponses.write(response, new PayloadTooLargeException(limit).toApiException());
        } else {
            response.sendError(413); // the console's error page, in its layout
        }
    }

    /** The whole body if it fits the limit, else null (having read at most limit + 1 bytes). */
    private byte[] readWithin(HttpServletRequest request) throws IOException {
        byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        return body.length > limit ? null : body;
    }

    private static final class Limited extends HttpServletRequestWrapper {
        private final long limit;
        private ServletInputStream stream;

        Limited(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new Counting(super.getInputStream(), limit);
            }
            return stream;
        }
    }

    private static final class Counting extends ServletInputStream {
        private final ServletInputStream in;
        private final long limit;
        private long read;

        Counting(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = in.read(buf, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws PayloadTooLargeException {
            read += n;
            if (read > limit) {
                throw new PayloadTooLargeException(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
