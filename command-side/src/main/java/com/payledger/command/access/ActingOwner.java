package com.payledger.command.access;

import java.util.Map;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;

/**
 * The owner on whose behalf a command acts, carried in the command's metadata under {@link #METADATA_KEY}. An API
 * client's commands carry its owner id, and the handlers treat every other owner's accounts and schedules as if they
 * did not exist (404, so ids cannot be probed). A command without the key comes from the ledger itself (the
 * recurring-payment automation) and acts for whichever owner the schedule names. Such a command says so under
 * {@link #LEDGER_METADATA_KEY}: the composition root stamps every other command sent outside an HTTP request as acting
 * for {@link #NOBODY}, so code that sends one from another thread by mistake gets no authority, not all of it.
 */
public final class ActingOwner {

    public static final String METADATA_KEY = "actingOwnerId";
    /**
     * What the web layer stamps on a command from a caller that acts for no owner: it matches no owner id, so such a
     * command finds nothing to act on even if a routing rule ever let it through.
     */
    public static final String NOBODY = "";
    /**
     * Metadata key the web layer sets to {@code "true"} on a command from the operator (an ADMIN key), which acts for
     * no owner but may open an account that grants credit for any: see {@link #mayGrantCredit}.
     */
    public static final String OPERATOR_METADATA_KEY = "actingAsOperator";
    /** Metadata key set to {@code "true"} on a command the ledger itself sends (see {@link #asLedger}). */
    public static final String LEDGER_METADATA_KEY = "actingAsLedger";

    private ActingOwner() {
    }

    /**
     * Whether a command may open an account that grants credit, an EXTERNAL one or one with an overdraft limit: the
     * operator's, or the ledger's own ({@code actingOwnerId} null). An EXTERNAL account may fall without limit, an
     * overdraft lets its owner spend money it does not have; either way its owner could credit any account with
     * money that nothing backs, so an API client's key must not be able to grant it to itself.
     */
    public static boolean mayGrantCredit(String actingOwnerId, String operatorFlag) {
        return actingOwnerId == null || isOperator(operatorFlag);
    }

    /** {@code command} as the ledger's own: it acts for whichever owner the data names. */
    public static CommandMessage<?> asLedger(Object command) {
        return GenericCommandMessage.asCommandMessage(command).andMetaData(Map.of(LEDGER_METADATA_KEY, "true"));
    }

    /** Whether the command comes from the operator (an ADMIN key): {@code operatorFlag} is its metadata value. */
    public static boolean isOperator(String operatorFlag) {
        return "true".equals(operatorFlag);
    }

    /** Whether a command for {@code actingOwnerId} (null: the ledger itself) may touch what {@code ownerId} owns. */
    public static boolean mayActOn(String actingOwnerId, String ownerId) {
        return actingOwnerId == null || actingOwnerId.equals(ownerId);
    }
}
