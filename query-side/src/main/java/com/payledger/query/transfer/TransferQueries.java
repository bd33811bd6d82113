package com.payledger.query.transfer;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Reads {@code read_model.transfers}. */
@Component
class TransferQueries {

    private static final TypeReference<Map<String, String>> METADATA = new TypeReference<>() { };

    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    TransferQueries(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    Optional<TransferView> getTransfer(String transferId) {
        return jdbc.query("""
                select transfer_id, debit_account_id, credit_account_id, amount_minor, currency, description,
                       metadata::text as metadata, posted_at
                  from read_model.transfers where transfer_id = ?""", this::toView, transferId).stream().findFirst();
    }

    private TransferView toView(ResultSet row, int rowNumber) throws SQLException {
        return new TransferView(row.getString("transfer_id"), row.getString("debit_account_id"),
                row.getString("credit_account_id"), row.getLong("amount_minor"), row.getString("currency"),
                row.getString("description"), json.readValue(row.getString("metadata"), METADATA), "POSTED",
                row.getTimestamp("posted_at").toInstant());
    }
}
