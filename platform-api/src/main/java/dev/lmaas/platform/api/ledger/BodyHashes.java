package dev.lmaas.platform.api.ledger;

import dev.lmaas.platform.tenant.AuditEntry;
import dev.lmaas.platform.tenant.DataKeyDestroyedException;
import dev.lmaas.platform.tenant.TenantDataKeys;
import java.util.HexFormat;

/**
 * Turns an audit record's plain SHA-256 of the request body into an HMAC under the tenant's data
 * key before it is written. A plain hash of a short input ("I love this product") is found again by
 * hashing guesses, long after the tenant was deleted; the keyed one dies with the data key.
 */
final class BodyHashes {

    static final String PURPOSE = "audit-body-hash";
    private final TenantDataKeys keys;

    BodyHashes(TenantDataKeys keys) {
        this.keys = keys;
    }

    /**
     * As {@link #keyed(CompletedRequest)}, reusing the keyed hash its admission computed when the body is the same
     * (it always is: one call, one body), so a served call pays for one HMAC, not two.
     *
     * @param admitted the call's admission as written ({@link #keyed(AuditEntry)} of its pending record), or null
     * @param plainSha256 the admission's body hash before keying
     */
    CompletedRequest keyed(CompletedRequest r, AuditEntry admitted, String plainSha256) {
        AuditEntry e = r.audit();
        if (admitted != null && e != null && e.bodySha256() != null && e.bodySha256().equals(plainSha256)
                && e.tenantId().equals(admitted.tenantId())) {
            return new CompletedRequest(r.usage(), e.withBodySha256(admitted.bodySha256()), r.payload(), r.afterAdmission());
        }
        return keyed(r);
    }

    CompletedRequest keyed(CompletedRequest r) {
        AuditEntry e = r.audit();
        AuditEntry k = keyed(e);
        return k == e ? r : new CompletedRequest(r.usage(), k, r.payload(), r.afterAdmission());
    }

    AuditEntry keyed(AuditEntry e) {
        if (e == null || e.bodySha256() == null || e.tenantId().equals(AuditEntry.PLATFORM)) {
            return e;
        }
        String keyed;
        try {
            keyed = HexFormat.of().formatHex(keys.mac(e.tenantId(), PURPOSE, HexFormat.of().parseHex(e.bodySha256())));
        } catch (DataKeyDestroyedException shredded) {
            keyed = null; // a tenant being deleted: nothing to key it with, and nothing worth keeping
        }
        return e.withBodySha256(keyed);
    }
}
