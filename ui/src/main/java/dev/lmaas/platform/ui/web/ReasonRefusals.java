package dev.lmaas.platform.ui.web;

import dev.lmaas.platform.tenant.AuditEntry;

/** What a confirmation form says when the reason it asks for is refused (tenant-admin checks it: blank or too long). */
public final class ReasonRefusals {

    private ReasonRefusals() {
    }

    public static String message(Messages messages, String typed) {
        return typed == null || typed.isBlank() ? messages.get("error.reason.required")
                : messages.get("error.reason.tooLong", AuditEntry.MAX_REASON);
    }
}
