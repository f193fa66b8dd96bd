package dev.lmaas.platform.ui.port;

/** How plans are paid: assigned by the operator (no payment), or through Stripe. */
public enum BillingMode {
    LOCAL, STRIPE
}
