package dev.lmaas.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.Filter;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.servlet.FilterRegistrationBean;

/**
 * The order of the tenant API's filters in docs/architecture.md ("1. Filters on `/v1`, in this order ...") is the
 * order {@link WebConfiguration} registers them in, and no filter of the platform on {@code /v1} is left out.
 */
@MachineApiSlice
class FilterOrderTest {

    @Autowired
    List<FilterRegistrationBean<?>> registrations;

    /** The backticked names between "in this order (...):" and the sentence's end. */
    static List<String> documentedOrder() throws IOException {
        String doc = Files.readString(ArchitectureDocTest.ROOT.resolve("docs/architecture.md"));
        int start = doc.indexOf("1. Filters on `/v1`, in this order");
        assertThat(start).as("the request's way names the filters on /v1 in order").isNotNegative();
        String sequence = doc.substring(doc.indexOf("):", start) + 2, doc.indexOf(". ", doc.indexOf("):", start)));
        return Pattern.compile("`(\\w+)`").matcher(sequence).results().map(m -> m.group(1)).toList();
    }

    /** Per filter class, the order it runs at on a /v1 path (a registration for /v1/* wins over one for every path). */
    Map<String, Integer> v1Filters() {
        Map<String, Integer> order = new HashMap<>();
        for (FilterRegistrationBean<?> r : registrations) {
            Filter filter = r.getFilter();
            if (!filter.getClass().getName().startsWith("dev.lmaas.")) {
                continue;
            }
            if (r.getUrlPatterns().contains("/v1/*")) {
                order.put(filter.getClass().getSimpleName(), r.getOrder());
            } else if (r.getUrlPatterns().contains("/*")) {
                order.putIfAbsent(filter.getClass().getSimpleName(), r.getOrder());
            }
        }
        return order;
    }

    @Test
    void theDocumentedOrderIsTheRegisteredOne() throws IOException {
        Map<String, Integer> registered = v1Filters();
        List<String> byOrder = registered.keySet().stream().sorted(Comparator.comparing(registered::get)).toList();
        assertThat(documentedOrder()).as("docs/architecture.md, the request's way, step 1").isEqualTo(byOrder);
    }
}
