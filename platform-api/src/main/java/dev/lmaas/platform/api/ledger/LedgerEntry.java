package dev.lmaas.platform.api.ledger;

/** What the request ledger's group commit writes: a call's admission, or its records. */
sealed interface LedgerEntry permits RequestAdmission, CompletedRequest {
}
