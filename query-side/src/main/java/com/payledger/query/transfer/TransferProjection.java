package com.payledger.query.transfer;

import com.payledger.events.account.AccountDebited;
import com.payledger.query.rebuild.ReadModelWriter;
import com.payledger.query.rebuild.RebuildableProjection;
import java.sql.Timestamp;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds {@code read_model.transfers} from the debit legs: each leg carries the whole transfer, and every transfer
 * has exactly one debit leg. The transfer id is the primary key, so redelivery and replay are no-ops.
 */
@Component
@ProcessingGroup(TransferProjection.PROCESSING_GROUP)
class TransferProjection implements RebuildableProjection {

    /** Also the token key: never rename. */
    static final String PROCESSING_GROUP = "projection-transfers";

    /** {@link TransfersTogether} reads its arguments by position. */
    private static final String INSERT = """
            insert into read_model.transfers (transfer_id, debit_account_id, credit_account_id, amount_minor,
                currency, description, metadata, posted_at)
            values (?, ?, ?, ?, ?, ?, ?::jsonb, ?)
            on conflict (transfer_id) do nothing""";

    private final JdbcTemplate jdbc;
    private final ReadModelWriter writer;
    private final JsonMapper json;
    private final String schema;
    private final String insert;
    private final TransfersTogether transfersTogether;

    @Autowired
    TransferProjection(JdbcTemplate jdbc, ReadModelWriter liveWriter, JsonMapper json) {
        // The handlers never read their tables: they take the live writer, whose statements wait for the commit and
        // go in one round trip.
        this(jdbc, liveWriter, json, LIVE_SCHEMA);
    }

    private TransferProjection(JdbcTemplate jdbc, ReadModelWriter writer, JsonMapper json, String schema) {
        this.jdbc = jdbc;
        this.writer = writer;
        this.json = json;
        this.schema = schema;
        this.insert = RebuildableProjection.in(schema, INSERT);
        this.transfersTogether = new TransfersTogether(schema);
    }

    @Override
    public String processingGroup() {
        return PROCESSING_GROUP;
    }

    @Override
    public List<String> tables() {
        return List.of("transfers");
    }

    @Override
    public Object writingTo(String otherSchema, ReadModelWriter otherWriter) {
        return new TransferProjection(jdbc, otherWriter, json, otherSchema);
    }

    @EventHandler
    void on(AccountDebited event) {
        writer.update(transfersTogether, insert, () -> { }, // a replayed leg: the transfer is in
                event.transferId(), event.accountId(), event.creditAccountId(), event.amount().amountMinor(),
                event.amount().currency().getCurrencyCode(), event.description(),
                json.writeValueAsString(event.metadata()), Timestamp.from(event.postedAt()));
    }

    @ResetHandler
    void reset() {
        jdbc.update(RebuildableProjection.in(schema, "truncate read_model.transfers"));
    }
}
