package dev.lmaas.platform.ui.security;

import dev.lmaas.platform.tenant.ConsoleAccounts;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/** Console users for Spring Security, looked up by email through tenant-admin's {@link ConsoleAccounts}. */
class ConsoleUserDetailsService implements UserDetailsService {

    private final ConsoleAccounts accounts;

    ConsoleUserDetailsService(ConsoleAccounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public UserDetails loadUserByUsername(String email) {
        // An account without a password (an admin-created owner not yet invited) signs in like an unknown email.
        return accounts.findByEmail(email).filter(a -> a.passwordHash() != null).map(ConsolePrincipal::new)
                .orElseThrow(() -> new UsernameNotFoundException("No such console user"));
    }
}
