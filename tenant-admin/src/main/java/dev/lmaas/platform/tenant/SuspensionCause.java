package dev.lmaas.platform.tenant;

/**
 * Why a tenant is suspended. Each cause is imposed and lifted by its own side only: an admin's
 * suspension by an admin, a payment suspension by billing (a later paid invoice). The tenant is
 * suspended while any cause holds.
 */
public enum SuspensionCause {
    ADMIN("tenant.suspended", "tenant.resumed"),
    PAYMENT("tenant.suspended_for_payment", "tenant.payment_suspension_lifted");

    private final String suspendedAction;
    private final String liftedAction;

    SuspensionCause(String suspendedAction, String liftedAction) {
        this.suspendedAction = suspendedAction;
        this.liftedAction = liftedAction;
    }

    /** The audit action recorded when this cause is imposed. */
    public String suspendedAction() {
        return suspendedAction;
    }

    /** The audit action recorded when this cause is lifted. */
    public String liftedAction() {
        return liftedAction;
    }

    public String apiValue() {
        return name().toLowerCase();
    }
}
