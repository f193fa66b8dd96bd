package dev.lmaas.platform.ui.port;

/**
 * The outcome of verifying the audit hash chain.
 *
 * @param checked how many records were checked
 * @param firstBrokenId the first record whose hash does not follow from its predecessor (null when intact)
 */
public record ChainCheck(boolean intact, long checked, String firstBrokenId, String detail) {
}
