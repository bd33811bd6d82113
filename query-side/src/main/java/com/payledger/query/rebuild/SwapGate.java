package com.payledger.query.rebuild;

/**
 * Lets a rebuild's swap go ahead of long readers of the read models that would otherwise keep it out for good. The
 * swap waits for the live tables' lock a second at most, since every reader and writer queues behind it meanwhile,
 * and tries again later; a reader that holds those tables for longer each time and starts again at once (an auditor
 * checking consistency in a loop, each comparison taking seconds on a large ledger) made every try give up, and the
 * rebuild failed. So such a reader passes this gate, shared, before it touches the tables, and the swap closes it
 * first: the swap then waits for the readers inside, which delays no one else, and those that come later wait for
 * it, since PostgreSQL queues a shared request behind an exclusive one that waits. A transaction-level advisory lock:
 * it is let go with the transaction that took it, whatever ends that.
 */
public final class SwapGate {

    private static final String KEY = "hashtext('payledger: read model swap')";
    /** Run in a reader's transaction before it reads the live tables; waits while a swap closed the gate. */
    public static final String PASS = "select pg_advisory_xact_lock_shared(" + KEY + ")";
    /** Run in the swap's transaction before it locks the live tables; waits for the readers already inside. */
    static final String CLOSE = "select pg_advisory_xact_lock(" + KEY + ")";

    private SwapGate() {
    }
}
