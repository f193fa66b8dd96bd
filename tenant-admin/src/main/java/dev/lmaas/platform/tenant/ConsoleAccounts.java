package dev.lmaas.platform.tenant;

import dev.lmaas.platform.db.DataDirectory;
import dev.lmaas.platform.tenant.account.ConsoleUser;
import dev.lmaas.platform.tenant.account.ConsoleUsers;
import dev.lmaas.platform.tenant.account.TenantAccounts;
import dev.lmaas.platform.tenant.account.Tenants;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Console accounts: look-up for login, sign-up rules, admin users. On first start, when no admin
 * user exists, {@code admin@localhost} is created with a generated password saved to
 * {@code DATA_DIR/admin-password} (0600); {@code LMAAS_ADMIN_EMAIL} / {@code LMAAS_ADMIN_PASSWORD} override.
 */
@Service
public class ConsoleAccounts {

    public static final int MIN_PASSWORD = 10;
    /** BCrypt's limit: it reads 72 bytes of a password and refuses more. */
    public static final int MAX_PASSWORD_BYTES = 72;
    private static final Logger log = LoggerFactory.getLogger(ConsoleAccounts.class);

    private final ConsoleUsers users;
    private final Tenants tenants;
    private final TenantAccounts accounts;
    private final TenantDirectory directory;
    private final PasswordEncoder passwords;
    private final DataDirectory dataDirectory;

    ConsoleAccounts(ConsoleUsers users, Tenants tenants, TenantAccounts accounts, TenantDirectory directory, PasswordEncoder passwords,
                    DataDirectory dataDirectory) {
        this.dataDirectory = dataDirectory;
        this.users = users;
        this.tenants = tenants;
        this.accounts = accounts;
        this.directory = directory;
        this.passwords = passwords;
    }

    public Optional<ConsoleAccount> findByEmail(String email) {
        if (email == null) {
            return Optional.empty();
        }
        return users.findByEmail(email.strip()).map(this::account);
    }

    public Optional<ConsoleAccount> find(UUID userId) {
        return users.findById(userId).map(this::account);
    }

    public List<ConsoleAccount> members(TenantId tenant) {
        return users.findByTenantIdOrderByCreatedAtAsc(tenant.value()).stream().map(this::account).toList();
    }

    /**
     * Self-service sign-up: a new tenant on the default plan with its owner; empty when the email
     * already has an account, so the caller can answer both cases alike (sign-up must not reveal
     * which emails exist). Every input is validated first, and the password is hashed in both cases,
     * so neither the answer nor its timing differs.
     */
    @Transactional
    public Optional<TenantView> signUp(String tenantName, String email, String password, String clientAddress) {
        TenantDirectory.requireName(tenantName);
        String clean = TenantDirectory.requireEmail(email);
        requirePassword(password, clean);
        String hash = passwords.encode(password);
        if (users.findByEmail(clean).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(directory.createWithPasswordHash(tenantName, clean, null, hash, Actor.user(null, clean, clientAddress)));
    }

    @Transactional
    public ConsoleAccount createAdmin(String email, String password) {
        String clean = TenantDirectory.requireEmail(email);
        requirePassword(password, clean);
        if (users.findByEmail(clean).isPresent()) {
            throw new ConflictException("A user with this email already exists", "email");
        }
        return account(users.save(ConsoleUser.admin(UUID.randomUUID(), clean, passwords.encode(password))));
    }

    @Transactional
    public void changePassword(UUID userId, String newPassword) {
        ConsoleUser u = users.findById(userId).orElseThrow(() -> new NotFoundException("User"));
        requirePassword(newPassword, u.getEmail());
        accounts.setPassword(u, passwords.encode(newPassword));
    }

    public boolean passwordMatches(ConsoleAccount account, String raw) {
        return account.passwordHash() != null && passwords.matches(raw, account.passwordHash());
    }

    /**
     * Password rules: at least 10 characters, at most 72 bytes in UTF-8 (all BCrypt reads; longer
     * would be an error when hashing), not only digits, at least 4 different characters, not the email.
     */
    public static void requirePassword(String password, String email) {
        if (password == null || password.length() < MIN_PASSWORD) {
            throw new InvalidInputException("The password must have at least " + MIN_PASSWORD + " characters", "password");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw new InvalidInputException("The password must be at most " + MAX_PASSWORD_BYTES
                    + " bytes long: " + MAX_PASSWORD_BYTES + " plain letters, digits or symbols, fewer with accented or non-Latin letters", "password");
        }
        if (password.chars().allMatch(Character::isDigit) || password.chars().distinct().count() < 4) {
            throw new InvalidInputException("The password is too simple: mix letters, digits or symbols", "password");
        }
        if (email != null && password.equalsIgnoreCase(email.strip())) {
            throw new InvalidInputException("The password must not be your email address", "password");
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    @Transactional
    public void bootstrapAdmin() {
        if (users.existsByRole(Role.ADMIN.name())) {
            return;
        }
        String email = System.getenv().getOrDefault("LMAAS_ADMIN_EMAIL", "admin@localhost.localdomain");
        String password = System.getenv("LMAAS_ADMIN_PASSWORD");
        if (password == null || password.isBlank()) {
            password = generatePassword();
            dataDirectory.writePrivate("admin-password", email + "\n" + password + "\n");
            log.info("Created the console admin {} (password saved to {})", email, dataDirectory.resolve("admin-password"));
        }
        try {
            createAdmin(email, password);
        } catch (ConflictException raced) {
            log.debug("Another replica created the console admin first");
        }
    }

    private static String generatePassword() {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        SecureRandom r = new SecureRandom();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private ConsoleAccount account(ConsoleUser u) {
        TenantStatus status = u.getTenantId() == null ? TenantStatus.ACTIVE
                : tenants.findById(u.getTenantId()).map(t -> t.getStatus()).orElse(TenantStatus.DELETED);
        return new ConsoleAccount(u.getId(), u.getTenantId() == null ? null : new TenantId(u.getTenantId()), u.getEmail(), u.getPasswordHash(),
                u.getRole(), status, u.getMemberRole());
    }
}
