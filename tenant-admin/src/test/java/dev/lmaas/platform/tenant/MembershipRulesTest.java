package dev.lmaas.platform.tenant;

import static dev.lmaas.platform.tenant.MemberPermission.AUDIT_READ;
import static dev.lmaas.platform.tenant.MemberPermission.BILLING_READ;
import static dev.lmaas.platform.tenant.MemberPermission.BILLING_WRITE;
import static dev.lmaas.platform.tenant.MemberPermission.KEYS_READ;
import static dev.lmaas.platform.tenant.MemberPermission.KEYS_WRITE;
import static dev.lmaas.platform.tenant.MemberPermission.MEMBERS_READ;
import static dev.lmaas.platform.tenant.MemberPermission.MEMBERS_WRITE;
import static dev.lmaas.platform.tenant.MemberPermission.PLAYGROUND;
import static dev.lmaas.platform.tenant.MemberPermission.SETTINGS_READ;
import static dev.lmaas.platform.tenant.MemberPermission.SETTINGS_WRITE;
import static dev.lmaas.platform.tenant.MemberPermission.USAGE_READ;
import static dev.lmaas.platform.tenant.MemberRole.ADMIN;
import static dev.lmaas.platform.tenant.MemberRole.BILLING;
import static dev.lmaas.platform.tenant.MemberRole.DEVELOPER;
import static dev.lmaas.platform.tenant.MemberRole.OWNER;
import static dev.lmaas.platform.tenant.MemberRole.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Who may do what in an organization: the role matrix and the membership rules (the last owner above all). */
class MembershipRulesTest {

    @Test
    void eachRoleGrantsWhatItsWorkNeedsAndNothingElse() {
        assertThat(OWNER.permissions()).isEqualTo(EnumSet.allOf(MemberPermission.class));
        assertThat(ADMIN.permissions()).isEqualTo(EnumSet.allOf(MemberPermission.class));
        assertThat(DEVELOPER.permissions()).containsExactlyInAnyOrder(USAGE_READ, KEYS_READ, KEYS_WRITE, PLAYGROUND, SETTINGS_READ, MEMBERS_READ);
        assertThat(BILLING.permissions()).containsExactlyInAnyOrder(USAGE_READ, BILLING_READ, BILLING_WRITE, SETTINGS_READ, MEMBERS_READ);
        assertThat(VIEWER.permissions()).containsExactlyInAnyOrder(USAGE_READ, KEYS_READ, AUDIT_READ, SETTINGS_READ, MEMBERS_READ);
        // The walls the console shows most: a developer sees no billing, a viewer creates no key, billing touches no key.
        assertThat(DEVELOPER.may(BILLING_READ)).isFalse();
        assertThat(VIEWER.may(KEYS_WRITE)).isFalse();
        assertThat(BILLING.may(KEYS_READ)).isFalse();
        assertThat(DEVELOPER.may(AUDIT_READ)).isFalse();
        for (MemberRole r : EnumSet.of(DEVELOPER, BILLING, VIEWER)) {
            assertThat(r.may(MEMBERS_WRITE)).as(r.name()).isFalse();
            assertThat(r.may(SETTINGS_WRITE)).as(r.name()).isFalse();
        }
    }

    @Test
    void rolesReadFromFormsAndTheDatabase() {
        assertThat(MemberRole.parse(" Developer ")).isEqualTo(DEVELOPER);
        assertThat(MemberRole.fromDb("billing")).isEqualTo(BILLING);
        assertThat(MemberRole.fromDb(null)).isNull();
        assertThatThrownBy(() -> MemberRole.parse("superuser")).isInstanceOf(InvalidInputException.class)
                .hasMessage("Choose one of the roles: owner, admin, developer, billing, viewer");
        assertThatThrownBy(() -> MemberRole.parse(null)).isInstanceOf(InvalidInputException.class);
        assertThat(MEMBERS_WRITE.authority()).isEqualTo("MEMBER_MEMBERS_WRITE");
    }

    @Test
    void ownersAndAdminsInviteOnlyOwnersInviteOwners() {
        for (MemberRole invited : MemberRole.values()) {
            assertThatCode(() -> MembershipRules.invite(OWNER, invited)).doesNotThrowAnyException();
            assertThatCode(() -> MembershipRules.invite(null, invited)).as("the operator").doesNotThrowAnyException();
        }
        assertThatCode(() -> MembershipRules.invite(ADMIN, DEVELOPER)).doesNotThrowAnyException();
        assertThatCode(() -> MembershipRules.invite(ADMIN, ADMIN)).doesNotThrowAnyException();
        assertThatThrownBy(() -> MembershipRules.invite(ADMIN, OWNER)).isInstanceOf(ForbiddenException.class)
                .hasMessage(MembershipRules.OWNERS_ONLY);
        assertThatThrownBy(() -> MembershipRules.revokeInvitation(ADMIN, OWNER)).isInstanceOf(ForbiddenException.class);
    }

    @ParameterizedTest
    @EnumSource(value = MemberRole.class, names = {"DEVELOPER", "BILLING", "VIEWER"})
    void nobodyElseManagesMembers(MemberRole acting) {
        assertThatThrownBy(() -> MembershipRules.invite(acting, VIEWER)).isInstanceOf(ForbiddenException.class)
                .hasMessage("Only owners and admins manage the organization's members.");
        assertThatThrownBy(() -> MembershipRules.revokeInvitation(acting, VIEWER)).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> MembershipRules.changeRole(acting, VIEWER, DEVELOPER, 1)).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> MembershipRules.changeRole(acting, acting, ADMIN, 1)).as("not even themselves").isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> MembershipRules.remove(acting, false, VIEWER, 1)).isInstanceOf(ForbiddenException.class);
        assertThatCode(() -> MembershipRules.remove(acting, true, acting, 1)).as("but anyone may leave").doesNotThrowAnyException();
    }

    @Test
    void theLastOwnerCanBeNeitherDemotedNorRemovedNorLeave() {
        assertThatThrownBy(() -> MembershipRules.changeRole(OWNER, OWNER, ADMIN, 1)).isInstanceOf(ConflictException.class)
                .hasMessage("An organization needs at least one owner: make another member an owner first.");
        assertThatThrownBy(() -> MembershipRules.changeRole(null, OWNER, VIEWER, 1)).as("not even by the operator").isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> MembershipRules.remove(OWNER, true, OWNER, 1)).isInstanceOf(ConflictException.class)
                .hasMessage("You are the organization's last owner: make another member an owner before you leave.");
        assertThatThrownBy(() -> MembershipRules.remove(null, false, OWNER, 1)).isInstanceOf(ConflictException.class)
                .hasMessage(MembershipRules.LAST_OWNER);
        // With a second owner each of these is fine.
        assertThatCode(() -> MembershipRules.changeRole(OWNER, OWNER, ADMIN, 2)).doesNotThrowAnyException();
        assertThatCode(() -> MembershipRules.remove(OWNER, true, OWNER, 2)).doesNotThrowAnyException();
        assertThatCode(() -> MembershipRules.remove(OWNER, false, OWNER, 2)).doesNotThrowAnyException();
    }

    @Test
    void adminsManageEveryoneButOwners() {
        assertThatCode(() -> MembershipRules.changeRole(ADMIN, DEVELOPER, BILLING, 1)).doesNotThrowAnyException();
        assertThatCode(() -> MembershipRules.changeRole(ADMIN, ADMIN, VIEWER, 1)).doesNotThrowAnyException();
        assertThatCode(() -> MembershipRules.remove(ADMIN, false, ADMIN, 1)).doesNotThrowAnyException();
        assertThatThrownBy(() -> MembershipRules.changeRole(ADMIN, ADMIN, OWNER, 1)).as("no promoting themselves")
                .isInstanceOf(ForbiddenException.class).hasMessage(MembershipRules.OWNERS_ONLY);
        assertThatThrownBy(() -> MembershipRules.changeRole(ADMIN, OWNER, DEVELOPER, 3)).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> MembershipRules.remove(ADMIN, false, OWNER, 3)).isInstanceOf(ForbiddenException.class);
        assertThatCode(() -> MembershipRules.changeRole(OWNER, DEVELOPER, OWNER, 1)).as("an owner makes an owner").doesNotThrowAnyException();
    }
}
