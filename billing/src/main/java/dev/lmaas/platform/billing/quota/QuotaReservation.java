package dev.lmaas.platform.billing.quota;

/** Tokens held for one admitted call until it settles or is released. */
public interface QuotaReservation {

    /** Nothing held (the plan has no hard quota). */
    QuotaReservation NONE = new QuotaReservation() {
        @Override
        public void settle(long actualTokens) {
        }

        @Override
        public void release() {
        }
    };

    void settle(long actualTokens);

    void release();
}
