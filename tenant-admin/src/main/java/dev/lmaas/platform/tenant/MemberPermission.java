package dev.lmaas.platform.tenant;

/**
 * What a member of an organization may do in the console; each {@link MemberRole} grants a set of these. The console
 * turns each into a Spring Security authority ({@link #authority()}) and guards its pages and forms with them.
 */
public enum MemberPermission {
    /** The dashboard: requests, tokens and cost of the organization. */
    USAGE_READ,
    /** The API keys list and details (never a secret). */
    KEYS_READ,
    /** Create, rotate and revoke API keys. */
    KEYS_WRITE,
    /** Try models in the playground (it calls them on the organization's account). */
    PLAYGROUND,
    /** Plan, statements, invoices and budgets. */
    BILLING_READ,
    /** Change the plan, open Stripe's portal, set budgets. */
    BILLING_WRITE,
    /** The organization's audit trail. */
    AUDIT_READ,
    /** The settings page (retention, default model) as it is. */
    SETTINGS_READ,
    /** Change retention and the default model. */
    SETTINGS_WRITE,
    /** Who the members are and what role each has. */
    MEMBERS_READ,
    /** Invite, change roles, remove members, revoke invitations. */
    MEMBERS_WRITE;

    /** The Spring Security authority a signed-in member holds for this permission. */
    public String authority() {
        return "MEMBER_" + name();
    }
}
