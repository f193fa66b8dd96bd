package dev.lmaas.platform.tenant;

/**
 * What kind of console account it is: a member of one organization ({@code CUSTOMER}, whose rights there are its
 * {@link MemberRole}), or a platform admin ({@code ADMIN}, no organization) who runs the platform.
 */
public enum Role {
    CUSTOMER, ADMIN
}
