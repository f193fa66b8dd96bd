package dev.lmaas.node.protocol;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The cluster credential on every node/control-plane call: HMAC-SHA-256 with a shared secret over
 * method, path, timestamp and the body's SHA-256. A signature older or newer than the allowed skew
 * is refused, which bounds replay. Headers: {@link #TIMESTAMP_HEADER} (epoch seconds) and
 * {@link #SIGNATURE_HEADER} (hex).
 */
public final class ClusterSignature {

    public static final String TIMESTAMP_HEADER = "X-Lmaas-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Lmaas-Signature";
    public static final Duration DEFAULT_SKEW = Duration.ofMinutes(5);

    private final SecretKeySpec key;
    private final Duration allowedSkew;

    public ClusterSignature(String sharedSecret) {
        this(sharedSecret, DEFAULT_SKEW);
    }

    public ClusterSignature(String sharedSecret, Duration allowedSkew) {
        if (sharedSecret == null || sharedSecret.length() < 16) {
            throw new IllegalArgumentException("the cluster secret must be at least 16 characters");
        }
        this.key = new SecretKeySpec(sharedSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.allowedSkew = allowedSkew;
    }

    /** The signature header value for a request sent now. */
    public String sign(String method, String path, long epochSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            String canonical = method.toUpperCase() + "\n" + path + "\n" + epochSeconds + "\n"
                    + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body == null ? new byte[0] : body));
            return HexFormat.of().formatHex(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    /** True if {@code signature} is valid for this request and its timestamp is within the allowed skew of {@code now}. */
    public boolean verify(String method, String path, String timestampHeader, String signature, byte[] body, Instant now) {
        if (timestampHeader == null || signature == null) {
            return false;
        }
        long ts;
        try {
            ts = Long.parseLong(timestampHeader.trim());
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(now.getEpochSecond() - ts) > allowedSkew.toSeconds()) {
            return false;
        }
        byte[] expected = sign(method, path, ts, body).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature.trim().toLowerCase().getBytes(StandardCharsets.US_ASCII));
    }
}
