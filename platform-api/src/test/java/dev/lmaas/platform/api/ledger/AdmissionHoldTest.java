package dev.lmaas.platform.api.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AdmissionHoldTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long MAX = 5 * MS;

    @Test
    void aLoneCallIsNeverHeldForNobody() {
        assertThat(RequestLedger.admissionHold(MAX, 1, 30 * MS, MS / 2)).isZero();
        assertThat(RequestLedger.admissionHold(MAX, 0, 30 * MS, MS / 2)).isZero();
    }

    @Test
    void aHoldEndsBeforeATypicalNodeAnswersLessTwoCommits() {
        // 12 ms from admission to records (a loaded node), 0.5 ms a commit: held 4 - 1 = 3 ms, durable long before 12 ms
        assertThat(RequestLedger.admissionHold(MAX, 16, 12 * MS, MS / 2)).isEqualTo(3 * MS);
        // a fast node (1.5 ms) and a slow commit (0.4 ms): no hold at all
        assertThat(RequestLedger.admissionHold(MAX, 4, 3 * MS / 2, 2 * MS / 5)).isZero();
    }

    @Test
    void theHoldIsCappedAndCanBeSwitchedOff() {
        assertThat(RequestLedger.admissionHold(MAX, 16, 300 * MS, MS / 2)).isEqualTo(MAX);
        assertThat(RequestLedger.admissionHold(0, 16, 300 * MS, MS / 2)).isZero();
        assertThat(RequestLedger.admissionHold(MAX, 16, 0, 0)).as("nothing measured yet").isZero();
    }
}
