package com.payledger.command.transfer;

import com.payledger.events.Money;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** {@link TransferRegistry} on the command-owned table {@code command_side.transfer_requests}. */
@Component
class JdbcTransferRegistry implements TransferRegistry {

    private static final TypeReference<Map<String, String>> METADATA = new TypeReference<>() { };

    private final JdbcTemplate jdbc;
    private final CommitTimeWrites commitTimeWrites;
    private final JsonMapper json;

    JdbcTransferRegistry(JdbcTemplate jdbc, CommitTimeWrites commitTimeWrites, JsonMapper json) {
        this.jdbc = jdbc;
        this.commitTimeWrites = commitTimeWrites;
        this.json = json;
    }

    @Override
    public Optional<PostedTransfer> claim(PostedTransfer transfer) {
        // Runs in the command's transaction (Axon's unit of work joins Spring's), so a rollback frees the id.
        int inserted = jdbc.update("""
                insert into command_side.transfer_requests
                    (transfer_id, debit_account_id, credit_account_id, amount_minor, currency, description,
                     metadata, posted_at)
                values (?, ?, ?, ?, ?, ?, ?::jsonb, ?)
                on conflict (transfer_id) do nothing""",
                transfer.transferId(), transfer.debitAccountId(), transfer.creditAccountId(),
                transfer.amount().amountMinor(), transfer.amount().currency().getCurrencyCode(),
                transfer.description(), json.writeValueAsString(transfer.metadata()),
                Timestamp.from(transfer.postedAt()));
        if (inserted == 1) {
            return Optional.empty();
        }
        return Optional.of(jdbc.queryForObject("""
                select transfer_id, debit_account_id, credit_account_id, amount_minor, currency, description,
                       metadata::text as metadata, posted_at
                  from command_side.transfer_requests where transfer_id = ?""",
                this::toTransfer, transfer.transferId()));
    }

    @Override
    public void settle(PostedTransfer transfer) {
        // Nothing reads the row again in this transaction: the update goes with the commit, not on a round trip of
        // its own while the accounts' locks are held.
        commitTimeWrites.update("update command_side.transfer_requests set posted_at = ? where transfer_id = ?",
                () -> {
                    throw new IllegalStateException("transfer " + transfer.transferId() + " was not claimed");
                }, Timestamp.from(transfer.postedAt()), transfer.transferId());
    }

    private PostedTransfer toTransfer(ResultSet row, int rowNumber) throws SQLException {
        return new PostedTransfer(row.getString("transfer_id"), row.getString("debit_account_id"),
                row.getString("credit_account_id"),
                Money.of(row.getLong("amount_minor"), row.getString("currency")), row.getString("description"),
                json.readValue(row.getString("metadata"), METADATA), row.getTimestamp("posted_at").toInstant());
    }
}
