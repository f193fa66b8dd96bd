package dev.lmaas.node.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.ServletException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The request id the controller puts in the MDC lasts until the answer is written (so the error advice's log line, which
 * runs after the controller threw, carries it) and not a moment longer (a pooled thread must not lend it to the next call).
 */
class RequestIdLoggingTest {

    final RequestIdLogging filter = new RequestIdLogging();

    @Test
    void theIdOutlivesTheControllerAndEndsWithTheRequest() throws Exception {
        AtomicReference<String> seenAfterTheController = new AtomicReference<>();
        MockFilterChain chain = new MockFilterChain(new jakarta.servlet.http.HttpServlet() {
            @Override
            protected void service(jakarta.servlet.http.HttpServletRequest req, jakarta.servlet.http.HttpServletResponse res) {
                RequestIdLogging.put("req_1"); // the controller, having read the body
                seenAfterTheController.set(MDC.get(RequestIdLogging.MDC_KEY)); // the error advice, after it
            }
        });
        filter.doFilter(new MockHttpServletRequest("POST", "/internal/v1/infer"), new MockHttpServletResponse(), chain);
        assertThat(seenAfterTheController.get()).isEqualTo("req_1");
        assertThat(MDC.get(RequestIdLogging.MDC_KEY)).isNull();
    }

    @Test
    void aFailingCallLeavesNoIdBehind() {
        MockFilterChain chain = new MockFilterChain(new jakarta.servlet.http.HttpServlet() {
            @Override
            protected void service(jakarta.servlet.http.HttpServletRequest req, jakarta.servlet.http.HttpServletResponse res) throws ServletException {
                RequestIdLogging.put("req_2");
                throw new ServletException("the model failed");
            }
        });
        assertThatThrownBy(() -> filter.doFilter(new MockHttpServletRequest("POST", "/internal/v1/infer"), new MockHttpServletResponse(), chain))
                .isInstanceOf(ServletException.class);
        assertThat(MDC.get(RequestIdLogging.MDC_KEY)).isNull();
    }
}
