package dev.lmaas.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lmaas.node.NodeProperties;
import dev.lmaas.node.protocol.InferenceLimits;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * A call the API accepts by default is never refused by a node's default limits: both sides take their
 * numbers from {@link InferenceLimits}. (The API once allowed 4096 new tokens while nodes stopped at 512.)
 */
class InferenceLimitsAgreementTest {

    @Test
    void aNodesDefaultLimitsAreTheOnesTheApiChecks() {
        NodeProperties node = new Binder(new MapConfigurationPropertySource(Map.of())).bindOrCreate("lmaas.node", NodeProperties.class);
        assertThat(node.limits().maxNewTokens()).isEqualTo(InferenceLimits.MAX_NEW_TOKENS);
        assertThat(node.limits().maxInputs()).isEqualTo(InferenceLimits.MAX_INPUTS);
        assertThat(node.limits().maxBeams()).isEqualTo(InferenceLimits.MAX_BEAMS);
    }
}
