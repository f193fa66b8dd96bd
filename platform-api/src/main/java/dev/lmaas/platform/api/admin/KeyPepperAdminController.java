package dev.lmaas.platform.api.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lmaas.platform.tenant.AdminKeys;
import dev.lmaas.platform.tenant.ApiKeyVerifier;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * How far a key pepper rotation has come: live keys still hashed under a previous pepper. Once both
 * counts are zero, {@code LMAAS_PREVIOUS_KEY_PEPPERS} can be emptied; keys still counted then stop working.
 */
@RestController
class KeyPepperAdminController {

    record PepperStatus(String object, @JsonProperty("api_keys_on_old_pepper") long apiKeys, @JsonProperty("admin_keys_on_old_pepper") long adminKeys) {
    }

    private final ApiKeyVerifier verifier;
    private final AdminKeys adminKeys;

    KeyPepperAdminController(ApiKeyVerifier verifier, AdminKeys adminKeys) {
        this.verifier = verifier;
        this.adminKeys = adminKeys;
    }

    @GetMapping(path = "/admin/v1/key-pepper", produces = "application/json")
    PepperStatus status() {
        return new PepperStatus("key_pepper", verifier.keysOnOldPepper(), adminKeys.keysOnOldPepper());
    }
}
