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
    void smallScreensGetANarrowLayoutWhoseTextIsNotScaledAway() {
        List<BarChart.Entry> days = IntStream.rangeClosed(1, 30).mapToObj(d -> new BarChart.Entry("d" + d, d, "x")).toList();
        BarChart wide = BarChart.columns("Requests", days, formats);
        BarChart narrow = wide.narrow();
        // Drawn in a 390 px phone's ~350 px, 1000 units shrink 12-unit text to 4 px; 400 units keep it above 10 px.
        assertThat(wide.width()).isEqualTo(1000);
        assertThat(narrow.width()).isLessThanOrEqualTo(400);
        assertThat(narrow.narrow()).isNull();
        assertThat(narrow.bars()).hasSize(30);
        assertThat(narrow.bars().stream().filter(BarChart.Bar::showLabel).count()).as("fewer labels, none overlapping").isBetween(4L, 5L);
        assertThat(narrow.ticks()).extracting(BarChart.Tick::label).isEqualTo(wide.ticks().stream().map(BarChart.Tick::label).toList());
        BarChart rows = BarChart.rows("Tokens", List.of(new BarChart.Entry("all-minilm-l6-v2", 1000, "1,000")));
        assertThat(rows.narrow().width()).isLessThanOrEqualTo(360);
        assertThat(rows.narrow().bars().getFirst().x() + rows.narrow().bars().getFirst().w()).isLessThan(rows.narrow().width());
    }

    @Test
    void allZeroIsEmptyAndRowsAreProportional() {
        assertThat(BarChart.columns("x", List.of(new BarChart.Entry("a", 0, "0")), formats).empty()).isTrue();
        BarChart rows = BarChart.rows("Tokens", List.of(new BarChart.Entry("big", 1000, "1000"), new BarChart.Entry("small", 250, "250")));
        assertThat(rows.bars().get(1).w()).isEqualTo(rows.bars().get(0).w() / 4, org.assertj.core.data.Offset.offset(0.2));
    }

    @Test
    void axisTicksAreEvenSteps() {
        // A maximum of 5 used to read 0, 1, 2, 3, 5 (a quarter of 5 rounded down); 10 read 0, 2, 5, 7, 10.
        assertThat(labels(5)).containsExactly("0", "1", "2", "3", "4", "5");
        assertThat(labels(10)).containsExactly("0", "2", "4", "6", "8", "10");
        assertThat(labels(730)).containsExactly("0", "200", "400", "600", "800");
        for (long max : new long[] {1, 3, 9, 11, 99, 101, 999, 4_100, 77_777, 123_456_789}) {
            BarChart c = chart(max);
            long step = BarChart.niceStep(max);
            assertThat(c.ticks()).hasSizeBetween(5, 6);
            assertThat(BarChart.niceCeiling(max)).isGreaterThanOrEqualTo(max).isEqualTo(step * (c.ticks().size() - 1));
            double gap = c.ticks().get(0).y() - c.ticks().get(1).y();
            for (int i = 1; i < c.ticks().size(); i++) {
                assertThat(c.ticks().get(i - 1).y() - c.ticks().get(i).y()).isCloseTo(gap, org.assertj.core.data.Offset.offset(0.2));
            }
        }
    }

    private BarChart chart(long max) {
        return BarChart.columns("x", List.of(new BarChart.Entry("a", max, "m"), new BarChart.Entry("b", 1, "1")), formats);
    }

    private List<String> labels(long max) {
        return chart(max).ticks().stream().map(BarChart.Tick::label).toList();
    }

    @Test
    void niceCeilings() {
        assertThat(BarChart.niceCeiling(1)).isEqualTo(4);
        assertThat(BarChart.niceCeiling(7)).isEqualTo(8);
        assertThat(BarChart.niceCeiling(130)).isEqualTo(200);
        assertThat(BarChart.niceCeiling(4_100)).isEqualTo(5_000);
    }
}
