package dev.lmaas.platform.billing;

import java.util.List;
import java.util.Optional;

/**
 * The plan catalogue, served from memory on every request. Admin changes are written to the database
 * and announced over the change feed, so every control-plane process uses them on its next request.
 */
public interface Plans {

    Optional<Plan> find(String planId);

    /** Like {@link #find} but for a plan id that must exist (a tenant's current plan). */
    Plan require(String planId);

    List<Plan> list();

    /** Creates or replaces a plan (admins). */
    Plan save(Plan plan);

    /** Thrown for a plan id the catalogue does not hold. */
    final class UnknownPlanException extends RuntimeException {
        public UnknownPlanException(String planId) {
            super("No plan '" + planId + "'");
        }
    }
}
