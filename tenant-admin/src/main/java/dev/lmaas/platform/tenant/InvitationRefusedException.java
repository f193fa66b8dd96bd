package dev.lmaas.platform.tenant;

/** An invitation link that cannot be used (any more), with the reason in words the invited person understands. */
public class InvitationRefusedException extends RuntimeException {

    /** Why; {@link #UNKNOWN} is what a forged or mistyped link gets. */
    public enum Reason {
        UNKNOWN("This invitation link is not valid. Check that you opened the whole link from the mail."),
        USED("This invitation was already accepted. Sign in with the password chosen then."),
        REVOKED("This invitation was revoked. Ask the person who invited you for a new one."),
        REPLACED("A newer invitation replaced this one: use the link in the latest mail."),
        EXPIRED("This invitation has expired (its link works for 7 days). Ask the person who invited you for a new one."),
        ACCOUNT_EXISTS("This address already has an LMaaS account, and an account belongs to one organization for now. "
                + "Ask to be invited with another address."),
        ORGANIZATION_UNAVAILABLE("This organization's account is suspended, so the invitation cannot be accepted now.");

        private final String message;

        Reason(String message) {
            this.message = message;
        }

        public String message() {
            return message;
        }
    }

    private final Reason reason;

    public InvitationRefusedException(Reason reason) {
        super(reason.message());
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
