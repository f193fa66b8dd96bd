package dev.lmaas.platform.billing;

import java.time.Duration;
import java.util.Optional;

/**
 * The answer to an {@link AdmissionRequest}: either {@link Admitted} (holding a reservation of the
 * estimated tokens) or {@link Refused}. Both carry the rate-limit state for the response headers.
 */
public sealed interface Admission permits Admission.Admitted, Admission.Refused {

    RateLimitState rateLimits();

    /**
     * Let in. Exactly one of {@link #settle} (the work ran; charge the real count) or {@link #release}
     * (the work never ran) must follow; later calls are ignored, so a finally block may call release.
     */
    non-sealed interface Admitted extends Admission {
        void settle(long actualTokens);

        void release();
    }

    /**
     * Refused, with a message safe to show the caller. {@code retryAfter} is present only for
     * {@link RefusalReason#RATE_LIMIT_EXCEEDED} (whole seconds, at least 1, for {@code Retry-After}).
     */
    record Refused(RefusalReason reason, String message, Optional<Duration> retryAfter, RateLimitState rateLimits)
            implements Admission {

        public int httpStatus() {
            return reason.httpStatus();
        }

        /** The {@code Retry-After} header value in whole seconds, if the refusal is retryable. */
        public Optional<Long> retryAfterSeconds() {
            return retryAfter.map(d -> Math.max(1, (d.toMillis() + 999) / 1000));
        }
    }
}
