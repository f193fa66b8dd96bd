package dev.lmaas.platform.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which models a plan allows: every model, exact ids, or a prefix for models discovered on the nodes. */
class PlanTest {

    @Test
    void anEmptyListAllowsEveryModel() {
        assertThat(TestPlans.plan("pro", List.of(), 1, 1, 1, 1, 0, 1).allows("anything")).isTrue();
    }

    @Test
    void exactIdsAndPrefixesEndingInAStar() {
        Plan free = TestPlans.plan("free", List.of("sentiment-bge-zh", "apertium-*"), 1, 1, 1, 1, 0, 1);
        assertThat(free.allows("sentiment-bge-zh")).isTrue();
        assertThat(free.allows("apertium-eng-spa")).isTrue();
        assertThat(free.allows("apertium-")).isTrue();
        assertThat(free.allows("sentiment-bge-en")).isFalse();
        assertThat(free.allows("apertium")).isFalse();
        assertThat(free.allows("my-apertium-eng-spa")).isFalse();
    }
}
