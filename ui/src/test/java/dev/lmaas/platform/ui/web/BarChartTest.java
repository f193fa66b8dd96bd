package dev.lmaas.platform.ui.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BarChartTest {

    final Formats formats = new Formats();

    @Test
    void columnsScaleToANiceMaximumAndThinOutLabels() {
        List<BarChart.Entry> days = IntStream.rangeClosed(1, 30).mapToObj(d -> new BarChart.Entry("d" + d, d == 10 ? 730 : 100, "x")).toList();
        BarChart c = BarChart.columns("Requests", days, formats);
        assertThat(c.ticks().getLast().label()).isEqualTo("800");
        BarChart.Bar tallest = c.bars().get(9);
        BarChart.Bar other = c.bars().get(0);
        assertThat(tallest.h()).isGreaterThan(other.h() * 7).isLessThan(other.h() * 7.5);
        assertThat(tallest.y() + tallest.h()).isEqualTo(other.y() + other.h()); // common baseline
        assertThat(c.bars().stream().filter(BarChart.Bar::showLabel).count()).isBetween(10L, 12L);
        assertThat(c.empty()).isFalse();
    }

    @Test
    void allZeroIsEmptyAndRowsAreProportional() {
        assertThat(BarChart.columns("x", List.of(new BarChart.Entry("a", 0, "0")), formats).empty()).isTrue();
        BarChart rows = BarChart.rows("Tokens", List.of(new BarChart.Entry("big", 1000, "1000"), new BarChart.Entry("small", 250, "250")));
        assertThat(rows.bars().get(1).w()).isEqualTo(rows.bars().get(0).w() / 4, org.assertj.core.data.Offset.offset(0.2));
    }

    @Test
    void niceCeilings() {
        assertThat(BarChart.niceCeiling(1)).isEqualTo(4);
        assertThat(BarChart.niceCeiling(7)).isEqualTo(8);
        assertThat(BarChart.niceCeiling(130)).isEqualTo(200);
        assertThat(BarChart.niceCeiling(4_100)).isEqualTo(5_000);
    }
}
