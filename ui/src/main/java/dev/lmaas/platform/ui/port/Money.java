package dev.lmaas.platform.ui.port;

import java.util.Objects;

/** An amount in integer micro-units (1 USD = 1 000 000) of an ISO 4217 currency; never floating point. */
public record Money(long micros, String currency) {

    public Money {
        Objects.requireNonNull(currency, "currency");
    }

    public static Money zero(String currency) {
        return new Money(0, currency);
    }

    public static Money of(long micros, String currency) {
        return new Money(micros, currency);
    }
}
