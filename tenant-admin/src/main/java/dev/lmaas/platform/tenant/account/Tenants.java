package dev.lmaas.platform.tenant.account;

import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/** Tenants, by id or by a case-insensitive name search. */
public interface Tenants extends JpaRepository<Tenant, UUID> {

    @Query("select t from Tenant t where (:q is null or lower(t.name) like lower(concat('%', cast(:q as string), '%'))) and t.status <> 'deleted' order by t.createdAt desc")
    List<Tenant> search(@Param("q") String query, Pageable page);

    /** Every tenant on a plan, deleted ones included (their records follow the plan's retention too). */
    @Query("select t.id from Tenant t where t.planId = :plan")
    List<UUID> idsOnPlan(@Param("plan") String planId);
}
