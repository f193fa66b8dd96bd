package dev.lmaas.platform.billing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Durable usage metering. The gateway calls {@link #write} inside its group-commit transaction, so a
 * batch of usage records, their hourly/daily aggregates, their costs and their Stripe meter events
 * commit (or fail) together with the audit records of the same requests.
 */
public interface UsageLedger {

    /**
     * Writes the records in the caller's transaction (auto-commit off; the caller commits).
     *
     * @return how many records were new; records whose request id is already recorded are skipped
     */
    int write(Connection connection, List<UsageRecord> records) throws SQLException;
}
