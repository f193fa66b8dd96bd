package dev.lmaas.node.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LengthGroupingTest {

    @Test
    void similarLengthsStayTogether() {
        assertThat(LengthGrouping.split(List.of(10, 12, 9, 15), i -> i, 2.0)).containsExactly(List.of(9, 10, 12, 15));
    }

    @Test
    void aLongInputDoesNotPadManyShortOnes() {
        assertThat(LengthGrouping.split(List.of(8, 120, 9, 10, 200, 11), i -> i, 2.0))
                .containsExactly(List.of(8, 9, 10, 11), List.of(120, 200));
    }

    @Test
    void everyItemIsKeptExactlyOnce() {
        List<Integer> items = List.of(5, 1, 64, 3, 33, 7, 128, 2, 16);
        assertThat(LengthGrouping.split(items, i -> i, 1.5).stream().flatMap(List::stream).toList())
                .containsExactlyInAnyOrderElementsOf(items);
    }
}
