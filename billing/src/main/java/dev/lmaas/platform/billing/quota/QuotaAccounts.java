package dev.lmaas.platform.billing.quota;

import dev.lmaas.platform.billing.BillingProperties;
import dev.lmaas.platform.billing.Plan;
import dev.lmaas.platform.tenant.TenantId;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process's share of each tenant's monthly quota: tokens leased from the {@link QuotaStore} in
 * slices and spent locally, so admission touches the database only when a slice runs out. The cap is
 * never exceeded across processes because every token spent was first leased; a slice held by a quiet
 * process is returned after {@code idleReturn} (and at shutdown) so other processes can use it.
 */
public class QuotaAccounts {

    private static final Logger log = LoggerFactory.getLogger(QuotaAccounts.class);

    private record AccountKey(UUID tenant, LocalDate period) {
    }

    /** Local balance for one tenant and month; guarded by its own monitor. */
    private static final class Account {
        long balance;
        int inFlight;
        long lastUsed;
        boolean closed;
    }

    private final QuotaStore store;
    private final Clock clock;
    private final LongSupplier nanos;
    private final int sliceFraction;
    private final long maxSlice;
    private final long idleReturnNanos;
    private final Map<AccountKey, Account> accounts = new ConcurrentHashMap<>();

    public QuotaAccounts(QuotaStore store, BillingProperties.Quota properties, Clock clock, LongSupplier nanos) {
        this.store = store;
        this.clock = clock;
        this.nanos = nanos;
        this.sliceFraction = properties.sliceFraction();
        this.maxSlice = properties.maxSliceTokens();
        this.idleReturnNanos = properties.idleReturn().toNanos();
    }

    /** Reserves {@code tokens} of the tenant's monthly quota, or empty if the quota cannot cover them. */
    public Optional<QuotaReservation> reserve(TenantId tenant, Plan plan, long tokens) {
        if (!plan.hardQuota()) {
            return Optional.of(QuotaReservation.NONE);
        }
        AccountKey key = new AccountKey(tenant.value(), LocalDate.now(clock.withZone(ZoneOffset.UTC)).withDayOfMonth(1));
        while (true) {
            Account a = accounts.computeIfAbsent(key, k -> new Account());
            synchronized (a) {
                if (a.closed) {
                    continue; // swept between lookup and lock: use a fresh account
                }
                a.lastUsed = nanos.getAsLong();
                if (a.balance < tokens) {
                    long slice = Math.min(maxSlice, Math.max(1, plan.monthlyTokenQuota() / sliceFraction));
                    a.balance += store.lease(key.tenant(), key.period(), Math.max(slice, tokens - a.balance), plan.monthlyTokenQuota());
                }
                if (a.balance < tokens) {
                    return Optional.empty();
                }
                a.balance -= tokens;
                a.inFlight++;
                return Optional.of(new Held(key, a, tokens));
            }
        }
    }

    /** Returns slices unused for {@code idleReturn}; drops empty accounts. Called by a timer. */
    public void returnIdle() {
        long now = nanos.getAsLong();
        accounts.forEach((key, a) -> {
            synchronized (a) {
                if (now - a.lastUsed >= idleReturnNanos) {
                    giveBack(key, a);
                    if (a.balance == 0 && a.inFlight == 0) {
                        a.closed = true;
                        accounts.remove(key, a);
                    }
                }
            }
        });
    }

    /** Returns every unspent slice (shutdown). */
    public void returnAll() {
        accounts.forEach((key, a) -> {
            synchronized (a) {
                giveBack(key, a);
            }
        });
    }

    /** Tokens this process holds unspent for the tenant this month (for tests and diagnostics). */
    public long localBalance(TenantId tenant) {
        Account a = accounts.get(new AccountKey(tenant.value(), LocalDate.now(clock.withZone(ZoneOffset.UTC)).withDayOfMonth(1)));
        if (a == null) {
            return 0;
        }
        synchronized (a) {
            return a.balance;
        }
    }

    private void giveBack(AccountKey key, Account a) {
        if (a.balance <= 0) {
            return;
        }
        try {
            store.giveBack(key.tenant(), key.period(), a.balance);
            a.balance = 0;
        } catch (RuntimeException e) {
            log.warn("Could not return {} quota tokens of tenant {}; will retry: {}", a.balance, key.tenant(), e.toString());
        }
    }

    private final class Held implements QuotaReservation {
        private final AccountKey key;
        private final Account account;
        private final long tokens;

        Held(AccountKey key, Account account, long tokens) {
            this.key = key;
            this.account = account;
            this.tokens = tokens;
        }

        @Override
        public void settle(long actualTokens) {
            finish(tokens - actualTokens);
        }

        @Override
        public void release() {
            finish(tokens);
        }

        private void finish(long refund) {
            synchronized (account) {
                account.inFlight--;
                account.lastUsed = nanos.getAsLong();
                account.balance += refund;
                if (account.balance < 0) {
                    // The call used more than its estimate: record the excess so the database stays the truth.
                    store.overdraw(key.tenant(), key.period(), -account.balance);
                    account.balance = 0;
                }
            }
        }
    }
}
