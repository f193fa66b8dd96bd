package dev.lmaas.platform.ui.security;

/** The reset page's answer, for tests outside the package. */
public final class PasswordResetControllerAccess {

    public static final String SENT = PasswordResetController.SENT;

    private PasswordResetControllerAccess() {
    }
}
