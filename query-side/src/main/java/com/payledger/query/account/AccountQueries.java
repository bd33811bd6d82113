package com.payledger.query.account;

import com.payledger.query.access.Reader;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Reads {@code read_model.accounts}. */
@Component
public class AccountQueries {

    private static final TypeReference<Map<String, String>> METADATA = new TypeReference<>() { };

    private static final String COLUMNS = """
            account_id, currency, owner_id, type, status, overdraft_limit_minor, name, metadata::text as metadata,
            posted_minor, pending_minor, last_sequence""";

    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    AccountQueries(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The account if {@code reader} may see it: another owner's account is as absent as a missing one. */
    public Optional<AccountView> getAccount(String accountId, Reader reader) {
        return getAccount(accountId).filter(account -> reader.mayRead(account.ownerId()));
    }

    public Optional<AccountView> getAccount(String accountId) {
        return jdbc.query("select " + COLUMNS + " from read_model.accounts where account_id = ?", this::toView,
                accountId).stream().findFirst();
    }

    /**
     * Accounts ordered by id, after {@code afterId} (exclusive, null for the first page), each filter null for any;
     * one more than asked, so the caller knows whether a next page exists.
     */
    List<AccountView> findAccounts(Filter filter, String afterId, int limitPlusOne) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from read_model.accounts where account_id > ?");
        List<Object> arguments = new ArrayList<>(List.of(afterId == null ? "" : afterId));
        for (Map.Entry<String, String> column : filter.columns().entrySet()) {
            if (column.getValue() != null) {
                sql.append(" and ").append(column.getKey()).append(" = ?");
                arguments.add(column.getValue());
            }
        }
        sql.append(" order by account_id limit ?");
        arguments.add(limitPlusOne);
        return jdbc.query(sql.toString(), this::toView, arguments.toArray());
    }

    /** What a listing asks for; a null field matches every account. */
    record Filter(String ownerId, String status, String currency, String type) {

        /** Column name to value, in a fixed order: the order of the query's conditions. */
        Map<String, String> columns() {
            Map<String, String> columns = new LinkedHashMap<>();
            columns.put("owner_id", ownerId);
            columns.put("status", status);
            columns.put("currency", currency);
            columns.put("type", type);
            return columns;
        }
    }

    private AccountView toView(ResultSet row, int rowNumber) throws SQLException {
        long posted = row.getLong("posted_minor");
        long pending = row.getLong("pending_minor");
        boolean external = "EXTERNAL".equals(row.getString("type"));
        return new AccountView(row.getString("account_id"), row.getString("currency"), row.getString("owner_id"),
                row.getString("type"), row.getString("status"),
                external ? null : row.getLong("overdraft_limit_minor"), row.getString("name"),
                json.readValue(row.getString("metadata"), METADATA),
                new AccountView.Balance(posted, pending, posted - pending), row.getLong("last_sequence"));
    }
}
