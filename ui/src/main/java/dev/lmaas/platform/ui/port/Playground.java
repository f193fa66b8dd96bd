package dev.lmaas.platform.ui.port;

import dev.lmaas.platform.tenant.Actor;
import dev.lmaas.platform.tenant.TenantId;
import java.util.List;

/** Runs a model for the logged-in tenant, through the same gateway as the API (same rights, same metering). */
public interface Playground {

    /** Models the tenant's plan allows, with the task aliases that route by language, for every task (translation included). */
    List<PlaygroundModel> models(TenantId tenant);

    /**
     * @param member the signed-in member who runs it: the call's audit record names them (the call itself uses the
     *               tenant's playground key)
     * @throws PlaygroundRefusedException when the API would refuse or fail the call
     * @throws dev.lmaas.platform.tenant.InvalidInputException for empty or too long text
     */
    PlaygroundRun run(TenantId tenant, Actor member, PlaygroundInput input);
}
