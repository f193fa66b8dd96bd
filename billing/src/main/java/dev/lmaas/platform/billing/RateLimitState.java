package dev.lmaas.platform.billing;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The numbers behind OpenAI's {@code x-ratelimit-*} headers, for the tighter of the key's and the
 * tenant's limits. {@code reset*} is the time until that limit is fully replenished.
 */
public record RateLimitState(long limitRequests, long remainingRequests, Duration resetRequests,
                             long limitTokens, long remainingTokens, Duration resetTokens) {

    /** The six headers, values formatted as OpenAI does ({@code 1s}, {@code 6m0s}, {@code 120ms}). */
    public Map<String, String> headers() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("x-ratelimit-limit-requests", Long.toString(limitRequests));
        h.put("x-ratelimit-remaining-requests", Long.toString(remainingRequests));
        h.put("x-ratelimit-reset-requests", format(resetRequests));
        h.put("x-ratelimit-limit-tokens", Long.toString(limitTokens));
        h.put("x-ratelimit-remaining-tokens", Long.toString(remainingTokens));
        h.put("x-ratelimit-reset-tokens", format(resetTokens));
        return h;
    }

    static String format(Duration d) {
        long millis = Math.max(0, d.toMillis());
        if (millis < 1000) {
            return millis + "ms";
        }
        long minutes = millis / 60_000;
        double seconds = (millis % 60_000) / 1000.0;
        String s = seconds == Math.rint(seconds) ? Long.toString((long) seconds) : String.format(java.util.Locale.ROOT, "%.3f", seconds).replaceAll("0+$", "");
        return minutes > 0 ? minutes + "m" + s + "s" : s + "s";
    }
}
