package dev.lmaas.platform.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lmaas.platform.tenant.ApiKeyId;
import dev.lmaas.platform.tenant.TenantId;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A usage record built by name: each field lands where it is named, the defaults, and the record's own checks. */
class UsageRecordBuilderTest {

    static final TenantId TENANT = new TenantId(UUID.randomUUID());
    static final ApiKeyId KEY = new ApiKeyId(UUID.randomUUID());
    static final Instant AT = Instant.parse("2026-12-04T08:00:00Z");

    @Test
    void eachFieldLandsWhereItIsNamed() {
        UsageRecord r = UsageRecord.builder("req_1", TENANT).key(KEY).call("minilm", "/v1/embeddings").tokens(120, 7).inputs(3).status(429)
                .servedBy("node-1", 1500).at(AT).language("en").pricedBy("pro").build();
        assertThat(r).isEqualTo(new UsageRecord("req_1", TENANT, Optional.of(KEY), "minilm", "/v1/embeddings", 120, 7, 3, 429, "node-1", 1500, AT,
                "en", "pro"));
        assertThat(r.billable()).isFalse();
    }

    @Test
    void unsetFieldsTakeTheDefaultsAndRequiredOnesAreChecked() {
        UsageRecord r = UsageRecord.builder("req_2", TENANT).call("minilm", "/v1/embeddings").at(AT).build();
        assertThat(r.key()).isEmpty();
        assertThat(r.httpStatus()).isEqualTo(200);
        assertThat(r.totalTokens()).isZero();
        assertThat(r.nodeId()).isNull();
        assertThat(r.planId()).isNull();
        assertThatThrownBy(() -> UsageRecord.builder("req_3", TENANT).at(AT).build()).isInstanceOf(NullPointerException.class).hasMessage("model");
        assertThatThrownBy(() -> UsageRecord.builder("req_4", TENANT).call("m", "/v1/embeddings").build()).hasMessage("occurredAt");
    }
}
