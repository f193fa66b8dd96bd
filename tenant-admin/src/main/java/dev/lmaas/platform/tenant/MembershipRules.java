package dev.lmaas.platform.tenant;

/**
 * Who may change an organization's membership, as plain rules over roles (no database): {@link Members} and
 * {@link Invitations} load the facts, lock the organization, and ask here before they write. A null acting role is
 * the platform's operator (the admin API), who may do what an owner may.
 *
 * <ul>
 *   <li>Only members whose role grants {@link MemberPermission#MEMBERS_WRITE} (owners and admins) invite, change
 *       roles, remove members and revoke invitations.</li>
 *   <li>Only an owner makes someone an owner, or changes or removes an owner (an admin cannot promote themselves).</li>
 *   <li>An organization keeps at least one owner: its last owner can be neither demoted nor removed, nor leave.</li>
 *   <li>Anyone may leave, the last owner excepted.</li>
 * </ul>
 */
final class MembershipRules {

    static final String MANAGERS_ONLY = "Only owners and admins manage the organization's members.";
    static final String OWNERS_ONLY = "Only an owner can make someone an owner, or change or remove an owner.";
    static final String LAST_OWNER = "An organization needs at least one owner: make another member an owner first.";
    static final String LAST_OWNER_LEAVING = "You are the organization's last owner: make another member an owner before you leave.";

    private MembershipRules() {
    }

    static void invite(MemberRole acting, MemberRole invited) {
        requireManager(acting);
        if (invited == MemberRole.OWNER) {
            requireOwner(acting);
        }
    }

    static void revokeInvitation(MemberRole acting, MemberRole invited) {
        invite(acting, invited);
    }

    /**
     * @param owners how many owners the organization has now (the target included when it is one)
     */
    static void changeRole(MemberRole acting, MemberRole current, MemberRole next, long owners) {
        requireManager(acting);
        if (current == MemberRole.OWNER || next == MemberRole.OWNER) {
            requireOwner(acting);
        }
        if (current == MemberRole.OWNER && next != MemberRole.OWNER && owners <= 1) {
            throw new ConflictException(LAST_OWNER, "role");
        }
    }

    /**
     * @param self true when members remove themselves (they leave)
     * @param owners how many owners the organization has now (the target included when it is one)
     */
    static void remove(MemberRole acting, boolean self, MemberRole target, long owners) {
        if (!self) {
            requireManager(acting);
            if (target == MemberRole.OWNER) {
                requireOwner(acting);
            }
        }
        if (target == MemberRole.OWNER && owners <= 1) {
            throw new ConflictException(self ? LAST_OWNER_LEAVING : LAST_OWNER, "member");
        }
    }

    private static void requireManager(MemberRole acting) {
        if (acting != null && !acting.may(MemberPermission.MEMBERS_WRITE)) {
            throw new ForbiddenException(MANAGERS_ONLY);
        }
    }

    private static void requireOwner(MemberRole acting) {
        if (acting != null && acting != MemberRole.OWNER) {
            throw new ForbiddenException(OWNERS_ONLY);
        }
    }
}
