package com.payledger.infra.axon;

import com.payledger.infra.web.RequestIdentity;
import java.util.List;
import java.util.function.BiFunction;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MetaData;

/**
 * Stamps every command sent while serving an HTTP request with that request's identity (request id, correlation
 * id, principal), which {@link LedgerCorrelationData} then copies onto every event the command causes.
 */
class HttpRequestMetadata implements MessageDispatchInterceptor<CommandMessage<?>> {

    @Override
    public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(
            List<? extends CommandMessage<?>> messages) {
        return (index, command) -> RequestIdentity.current()
                .<CommandMessage<?>>map(identity -> command.andMetaData(
                        MetaData.with(LedgerCorrelationData.REQUEST_ID, identity.requestId())
                                .and(LedgerCorrelationData.CORRELATION_ID, identity.correlationId())
                                .and(LedgerCorrelationData.PRINCIPAL, identity.principal())))
                .orElse(command);
    }
}
