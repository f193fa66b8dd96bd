package dev.lmaas.platform.api.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lmaas.platform.api.TestHttp;
import java.time.Duration;
import java.util.concurrent.Executor;
import org.apache.tomcat.util.threads.ThreadPoolExecutor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;

/**
 * The public port's requests run on Tomcat's pool of platform threads, twice Tomcat's default size (application.yaml:
 * measured faster than virtual threads, issue 19; a streamed answer holds its thread until it ends).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "lmaas.data-dir=target/it-data/${random.uuid}")
class RequestThreadsIT {

    @LocalServerPort
    int port;
    @Autowired
    ServletWebServerApplicationContext context;

    @Test
    void requestsRunOnTomcatsPlatformThreadPool() {
        Executor executor = ((TomcatWebServer) context.getWebServer()).getTomcat().getConnector().getProtocolHandler().getExecutor();

        assertThat(executor).isInstanceOf(ThreadPoolExecutor.class);
        ThreadPoolExecutor pool = (ThreadPoolExecutor) executor;
        assertThat(pool.getMaximumPoolSize()).isEqualTo(400);
        long before = pool.getCompletedTaskCount();
        assertThat(new TestHttp(port).get("/actuator/health/liveness", null).status()).isEqualTo(200);
        // The pool counts a task as completed after it returns, which can be after the client has read the answer.
        await("the request ran on the pool").atMost(Duration.ofSeconds(10))
                .until(() -> pool.getCompletedTaskCount() > before);
    }
}
