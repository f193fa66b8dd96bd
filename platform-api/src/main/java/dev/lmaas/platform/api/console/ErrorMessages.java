package dev.lmaas.platform.api.console;

/** Short human descriptions of the tenant API's error codes, for the dashboard's recent errors. */
final class ErrorMessages {

    private ErrorMessages() {
    }

    static String describe(String code) {
        if (code == null) {
            return "Request failed";
        }
        return switch (code) {
            case "invalid_api_key" -> "Invalid API key";
            case "key_revoked" -> "The API key was revoked";
            case "key_expired" -> "The API key expired";
            case "rate_limit_exceeded" -> "Rate limit exceeded";
            case "insufficient_quota" -> "Monthly quota used up";
            case "model_not_found" -> "Unknown model";
            case "model_not_allowed" -> "Model not allowed for this key or plan";
            case "no_capacity", "overloaded" -> "No model capacity at that moment";
            case "model_loading" -> "The model was still loading";
            case "node_timeout" -> "The model timed out";
            default -> code.replace('_', ' ');
        };
    }
}
