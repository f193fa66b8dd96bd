package dev.lmaas.platform.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The footer names a support contact only when the operator set one; sentences still have someone to point at. */
class ConsolePropertiesTest {

    @Test
    void aSupportContactIsShownOnlyWhenConfigured() {
        ConsoleProperties none = new ConsoleProperties(" ", null, null, null, null, null, null, null, null);
        assertThat(none.supportConfigured()).isFalse();
        assertThat(none.supportContact()).isEqualTo(ConsoleProperties.DEFAULT_SUPPORT);

        ConsoleProperties set = new ConsoleProperties("help@acme.test", null, null, null, null, null, null, null, null);
        assertThat(set.supportConfigured()).isTrue();
        assertThat(set.supportContact()).isEqualTo("help@acme.test");
    }
}
