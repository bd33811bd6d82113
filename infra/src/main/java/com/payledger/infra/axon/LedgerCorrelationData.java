package com.payledger.infra.axon;

import java.util.HashMap;
import java.util.Map;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.interceptors.CorrelationDataInterceptor;

/**
 * The metadata every event carries, taken from the command that caused it: who issued it, the request it came
 * from, the correlation id of the whole interaction and the causation id (the command's own message id). The
 * event's timestamp records when.
 */
public class LedgerCorrelationData implements CorrelationDataProvider {

    static final String REQUEST_ID = "requestId";
    static final String CORRELATION_ID = "correlationId";
    static final String CAUSATION_ID = "causationId";
    static final String PRINCIPAL = "principal";
    /** Who issued a command that did not come through HTTP, such as a scheduled automation. */
    static final String SYSTEM_PRINCIPAL = "system";

    /**
     * Gives the events a fired deadline records (a schedule's run, a retry, a pause's end) the ledger's metadata:
     * Axon's deadline manager handles a deadline in a unit of work of its own, without the command bus's
     * correlation providers, so those events carried none at all. The ledger is their principal, {@code system},
     * whoever scheduled the deadline; the correlation id still leads back to the request that did.
     */
    public static MessageHandlerInterceptor<DeadlineMessage<?>> forDeadlines() {
        LedgerCorrelationData commands = new LedgerCorrelationData();
        return new CorrelationDataInterceptor<>(message -> {
            Map<String, Object> data = new HashMap<>(commands.correlationDataFor(message));
            data.put(PRINCIPAL, SYSTEM_PRINCIPAL);
            data.remove(REQUEST_ID);
            return data;
        });
    }

    @Override
    public Map<String, ?> correlationDataFor(Message<?> message) {
        MetaData metaData = message.getMetaData();
        Map<String, Object> data = new HashMap<>();
        data.put(CAUSATION_ID, message.getIdentifier());
        data.put(CORRELATION_ID, metaData.getOrDefault(CORRELATION_ID, message.getIdentifier()));
        data.put(PRINCIPAL, metaData.getOrDefault(PRINCIPAL, SYSTEM_PRINCIPAL));
        if (metaData.containsKey(REQUEST_ID)) {
            data.put(REQUEST_ID, metaData.get(REQUEST_ID));
        }
        return data;
    }
}
