package dev.lmaas.platform.api.gateway;

import dev.lmaas.node.protocol.ModelDescriptor;
import dev.lmaas.node.protocol.Task;
import dev.lmaas.platform.api.nodes.NodeRegistry;
import dev.lmaas.platform.api.web.ApiException;
import dev.lmaas.platform.tenant.VerifiedKey;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Finds the model a call names (or the tenant's / platform's default) and checks the key may use it. */
@Component
public class ModelResolver {

    private final NodeRegistry registry;
    private final String platformDefault;

    ModelResolver(NodeRegistry registry, @Value("${lmaas.api.default-model:sentiment}") String platformDefault) {
        this.registry = registry;
        this.platformDefault = platformDefault;
    }

    public String modelOrDefault(String asked, VerifiedKey key) {
        if (asked != null && !asked.isBlank()) {
            return asked.strip();
        }
        return key.defaultModel() != null ? key.defaultModel() : platformDefault;
    }

    /** A model id the platform has seen, or a task alias that a served model (or a built-in) answers for. */
    public boolean known(String idOrAlias) {
        return registry.catalogEntry(idOrAlias).isPresent() || registry.reported(idOrAlias) || LanguageRouting.WELL_KNOWN_ALIASES.contains(idOrAlias)
                || TranslationRouting.ALIAS.equals(idOrAlias)
                || registry.routableModels().values().stream().anyMatch(m -> m.aliases().contains(idOrAlias));
    }

    /** The routable model {@code id}; 404 if unknown, 503 if known but not routable now, 403 if out of the key's scope, 400 if the wrong task. */
    public ModelDescriptor resolve(String id, Task task, VerifiedKey key) {
        if (id == null || id.isBlank()) {
            throw ApiException.invalidRequest("missing_model", "'model' is required.", "model");
        }
        ModelDescriptor model = registry.routableModels().get(id);
        if (model == null) {
            if (registry.loading(id)) {
                throw new ApiException(503, "server_error", "model_loading", "The model '" + id + "' is still loading on its nodes. Retry in a few seconds.",
                        null, Map.of("Retry-After", "5"));
            }
            if (registry.catalogEntry(id).isPresent() || registry.reported(id)) {
                throw new ApiException(503, "server_error", "no_capacity", "No healthy inference node serves '" + id + "' right now.", null,
                        Map.of("Retry-After", "5"));
            }
            throw ApiException.notFound("model_not_found", "The model '" + id + "' does not exist or you do not have access to it.");
        }
        if (!key.allows(id)) {
            throw new ApiException(403, "permission_error", "model_not_allowed", "This API key may not use the model '" + id + "'.", "model", null);
        }
        if (task != null && !task.wireName().equals(model.task())) {
            throw ApiException.invalidRequest("wrong_model_task", "The model '" + id + "' is a " + model.task() + " model; this endpoint needs a "
                    + task.wireName() + " model.", "model");
        }
        return model;
    }
}
