package dev.lmaas.platform.ui.port;

import dev.lmaas.platform.tenant.Actor;
import java.util.List;
import java.util.Optional;

/** The plans on offer (billing owns them); admins edit them in the console. */
public interface PlanCatalog {

    List<PlanDetails> plans();

    Optional<PlanDetails> find(String planId);

    /**
     * The model ids (and task aliases) a plan may name: what the platform's nodes serve or have served. The editor
     * refuses a newly listed model outside these; entries ending in {@code *} (a prefix) are always accepted.
     */
    List<String> knownModels();

    /**
     * Creates the plan, or replaces the one with the same id.
     *
     * @throws dev.lmaas.platform.tenant.InvalidInputException when a value breaks a rule (its {@code param} names the field)
     */
    PlanDetails save(PlanDetails plan, Actor actor);
}
