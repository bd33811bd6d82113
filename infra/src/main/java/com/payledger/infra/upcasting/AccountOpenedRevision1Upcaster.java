package com.payledger.infra.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.payledger.events.account.AccountOpened;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.springframework.stereotype.Component;

/**
 * Reads AccountOpened revision 1, which carried the account's currency only inside its overdraft limit
 * ({@code "overdraftLimit":{"amountMinor":0,"currency":"EUR"}}), as revision 2 ({@code "currency":"EUR",
 * "overdraftLimitMinor":0}). Stored rows are never rewritten: history stays as it was written, and the verifiable
 * log keeps hashing the original bytes.
 */
@Component
class AccountOpenedRevision1Upcaster extends SingleEventUpcaster {

    static final SimpleSerializedType REVISION_1 = new SimpleSerializedType(AccountOpened.class.getName(), "1");
    static final SimpleSerializedType REVISION_2 = new SimpleSerializedType(AccountOpened.class.getName(), "2");

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return representation.getType().equals(REVISION_1);
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(REVISION_2, JsonNode.class, AccountOpenedRevision1Upcaster::toRevision2);
    }

    static JsonNode toRevision2(JsonNode revision1) {
        ObjectNode event = revision1.deepCopy();
        JsonNode overdraftLimit = event.remove("overdraftLimit");
        event.set("currency", overdraftLimit.get("currency"));
        event.put("overdraftLimitMinor", overdraftLimit.get("amountMinor").asLong());
        return event;
    }
}
