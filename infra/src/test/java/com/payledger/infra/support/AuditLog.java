package com.payledger.infra.support;

import java.time.Duration;
import tools.jackson.databind.JsonNode;

/** Waits on the verifiable log, which takes events in shortly after they commit. */
public final class AuditLog {

    private AuditLog() {
    }

    /** Waits until every event of the stream has a log position, and returns the stream's events. */
    public static JsonNode awaitLogged(LedgerClient client, String aggregateId) {
        return Eventually.await(() -> client.get("/api/v1/audit/accounts/" + aggregateId + "/events?limit=500")
                        .body().get("items"),
                items -> items.size() > 0 && allLogged(items), Duration.ofSeconds(30),
                "the events of " + aggregateId + " to be logged");
    }

    /** Waits for a signed checkpoint covering at least {@code treeSize} leaves, and returns it. */
    public static JsonNode awaitCheckpoint(LedgerClient client, long treeSize) {
        return Eventually.await(() -> client.get("/api/v1/audit/checkpoints/latest"),
                response -> response.status() == 200 && response.body().get("treeSize").asLong() >= treeSize,
                Duration.ofSeconds(30), "a checkpoint of at least " + treeSize + " leaves").body();
    }

    private static boolean allLogged(JsonNode items) {
        for (JsonNode item : items) {
            if (item.get("position").isNull()) {
                return false;
            }
        }
        return true;
    }
}
