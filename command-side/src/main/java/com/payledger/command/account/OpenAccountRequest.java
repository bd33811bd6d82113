package com.payledger.command.account;

import java.util.Map;

/** The body of {@code POST /api/v1/accounts}; {@code id} is generated when absent. */
record OpenAccountRequest(String id, String currency, String ownerId, String type, Long overdraftLimit, String name,
                          Map<String, String> metadata) {
}
