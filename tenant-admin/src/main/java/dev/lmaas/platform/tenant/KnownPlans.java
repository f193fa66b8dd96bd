package dev.lmaas.platform.tenant;

/** Whether a plan id exists; billing implements it (it owns plans). Without it any id is accepted. */
public interface KnownPlans {

    boolean exists(String planId);

    String defaultPlan();
}
