package dev.lmaas.platform.ui.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lmaas.platform.ui.port.Money;
import org.junit.jupiter.api.Test;

class FormatsTest {

    final Formats f = new Formats();

    @Test
    void moneyFromMicroUnits() {
        assertThat(f.money(Money.of(49_000_000, "USD"))).isEqualTo("$49.00");
        assertThat(f.money(Money.of(1_234_567_890, "EUR"))).isEqualTo("€1,234.57");
        assertThat(f.money(Money.of(80, "USD"))).isEqualTo("$0.0001");
        assertThat(f.money(Money.zero("USD"))).isEqualTo("$0.00");
        assertThat(f.money(Money.of(5_000_000, "CHF"))).isEqualTo("5.00 CHF");
    }

    @Test
    void numbersAndLimits() {
        assertThat(f.number(1_234_567L)).isEqualTo("1,234,567");
        assertThat(f.number((Integer) null)).isEqualTo("Unlimited");
        assertThat(f.compact(1_500)).isEqualTo("1.5k");
        assertThat(f.compact(2_000_000)).isEqualTo("2M");
        assertThat(f.percent(250, 1000L)).isEqualTo(25);
        assertThat(f.percent(5000, 1000L)).isEqualTo(100);
        assertThat(f.percent(5, null)).isZero();
    }
}
