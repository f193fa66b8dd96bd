package dev.lmaas.platform.ui.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lmaas.platform.tenant.ConsoleAccount;
import dev.lmaas.platform.tenant.MemberRole;
import dev.lmaas.platform.tenant.Role;
import dev.lmaas.platform.tenant.TenantId;
import dev.lmaas.platform.tenant.TenantStatus;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.serializer.support.SerializationFailedException;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.security.web.csrf.DefaultCsrfToken;
import org.springframework.security.web.savedrequest.DefaultSavedRequest;
import org.springframework.web.servlet.FlashMap;

/** What a console session holds goes to the database and back; anything else is refused when read. */
class SessionSerializationTest {

    final ConversionService conversions = SessionSerialization.conversionService(getClass().getClassLoader());

    @Test
    void whatAConsoleSessionHoldsRoundTrips() {
        ConsoleAccount account = new ConsoleAccount(UUID.randomUUID(), new TenantId(UUID.randomUUID()), "owner@example.test", "$2a$10$hash",
                Role.CUSTOMER, TenantStatus.ACTIVE, MemberRole.DEVELOPER);
        ConsolePrincipal me = ConsolePrincipal.signedIn(account);
        var auth = UsernamePasswordAuthenticationToken.authenticated(me, null, me.getAuthorities());
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/keys");
        request.setRemoteAddr("192.0.2.1");
        auth.setDetails(new WebAuthenticationDetails(request));
        SecurityContext context = new SecurityContextImpl(auth);

        SecurityContext back = (SecurityContext) roundTrip(context);
        ConsolePrincipal again = (ConsolePrincipal) back.getAuthentication().getPrincipal();
        assertThat(again.userId()).isEqualTo(me.userId());
        assertThat(again.memberRole()).isEqualTo(MemberRole.DEVELOPER);
        assertThat(again.sameCredentials(account)).as("the credential stamp survives: a password change still ends the session").isTrue();
        assertThat(again.getPassword()).isNull();
        assertThat(back.getAuthentication().getAuthorities()).isEqualTo(auth.getAuthorities());

        assertThat(((DefaultCsrfToken) roundTrip(new DefaultCsrfToken("X-CSRF-TOKEN", "_csrf", "t0k3n"))).getToken()).isEqualTo("t0k3n");
        request.setQueryString("a=1");
        assertThat(((DefaultSavedRequest) roundTrip(new DefaultSavedRequest(request))).getRedirectUrl()).endsWith("/keys?a=1");
        FlashMap flash = new FlashMap();
        flash.put("notice", "Budget saved.");
        // As Spring MVC keeps them in the session (AbstractFlashMapManager).
        assertThat(roundTrip(new java.util.concurrent.CopyOnWriteArrayList<>(List.of(flash)))).isEqualTo(List.of(flash));
    }

    @Test
    void otherClassesAreRefusedWhenRead() {
        byte[] bytes = (byte[]) conversions.convert(new File("/etc/passwd"), byte[].class);
        assertThatThrownBy(() -> SessionSerialization.read(bytes, getClass().getClassLoader()))
                .isInstanceOf(SerializationFailedException.class).hasMessageContaining("REJECTED").hasMessageContaining("java.io.File");
        byte[] nested = (byte[]) conversions.convert(new ArrayList<>(List.of(new File("x"))), byte[].class);
        assertThatThrownBy(() -> SessionSerialization.read(nested, getClass().getClassLoader())).isInstanceOf(SerializationFailedException.class);
    }

    private Object roundTrip(Object value) {
        return conversions.convert(conversions.convert(value, byte[].class), Object.class);
    }
}
