package dev.lmaas.platform.ui.members;

import dev.lmaas.platform.tenant.SecondFactors;
import dev.lmaas.platform.ui.security.ConsolePrincipal;
import java.util.Set;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Which members have a second factor on, for the members page (an owner who requires it sees who still lacks it). */
@ControllerAdvice(assignableTypes = MembersController.class)
class MembersMfaModel {

    private final SecondFactors factors;

    MembersMfaModel(SecondFactors factors) {
        this.factors = factors;
    }

    @ModelAttribute("mfaMembers")
    Set<UUID> mfaMembers(@AuthenticationPrincipal ConsolePrincipal me) {
        return me != null && me.hasTenant() ? factors.enabledMembers(me.tenant()) : Set.of();
    }
}
