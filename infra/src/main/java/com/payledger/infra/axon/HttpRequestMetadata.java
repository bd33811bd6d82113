package com.payledger.infra.axon;

import com.payledger.command.access.ActingOwner;
import com.payledger.infra.security.ApiRole;
import com.payledger.infra.security.Caller;
import com.payledger.infra.web.RequestIdentity;
import java.util.List;
import java.util.function.BiFunction;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MetaData;

/**
 * Stamps every command sent while serving an HTTP request with that request's identity (request id, correlation
 * id, the authenticated principal), which {@link LedgerCorrelationData} then copies onto every event the command
 * causes, and with the owner the caller acts for, which the command handlers enforce. A command sent outside a request
 * acts for nobody unless the ledger marked it as its own ({@link ActingOwner#asLedger}).
 */
class HttpRequestMetadata implements MessageDispatchInterceptor<CommandMessage<?>> {

    @Override
    public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(
            List<? extends CommandMessage<?>> messages) {
        return (index, command) -> RequestIdentity.current()
                .<CommandMessage<?>>map(identity -> {
                    Caller caller = Caller.current().orElse(null);
                    return command.andMetaData(MetaData.with(LedgerCorrelationData.REQUEST_ID, identity.requestId())
                            .and(LedgerCorrelationData.CORRELATION_ID, identity.correlationId())
                            .and(LedgerCorrelationData.PRINCIPAL, caller == null ? "anonymous" : caller.principal())
                            // Fails closed: a caller that is no CLIENT acts for nobody, so it finds nothing.
                            .and(ActingOwner.METADATA_KEY, caller == null || caller.ownerId() == null
                                    ? ActingOwner.NOBODY : caller.ownerId())
                            .and(ActingOwner.OPERATOR_METADATA_KEY,
                                    Boolean.toString(caller != null && caller.role() == ApiRole.ADMIN)));
                })
                .orElseGet(() -> "true".equals(command.getMetaData().get(ActingOwner.LEDGER_METADATA_KEY))
                        ? command
                        // Fails closed: outside a request only the ledger's own commands act for every owner.
                        : command.andMetaData(MetaData.with(ActingOwner.METADATA_KEY, ActingOwner.NOBODY)));
    }
}
