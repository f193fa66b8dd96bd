package dev.lmaas.platform.billing;

/**
 * May this key call this model now? Checks the plan (model, inputs), the rate limits (requests and
 * tokens per minute, per key and per tenant) and the monthly quota, without a database round trip on
 * the common path. Thread-safe; called once per {@code /v1} request.
 */
public interface Entitlements {

    Admission admit(AdmissionRequest request);
}
