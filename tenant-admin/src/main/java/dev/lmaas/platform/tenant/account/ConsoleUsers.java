package dev.lmaas.platform.tenant.account;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Console users; emails are unique regardless of case. */
public interface ConsoleUsers extends JpaRepository<ConsoleUser, UUID> {

    @Query("select u from ConsoleUser u where lower(u.email) = lower(?1)")
    Optional<ConsoleUser> findByEmail(String email);

    List<ConsoleUser> findByTenantId(UUID tenantId);

    /** A tenant's members, oldest first. */
    List<ConsoleUser> findByTenantIdOrderByCreatedAtAsc(UUID tenantId);

    long countByTenantIdAndMemberRole(UUID tenantId, String memberRole);

    boolean existsByRole(String role);
}
