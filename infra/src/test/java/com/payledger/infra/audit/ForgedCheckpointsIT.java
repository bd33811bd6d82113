package com.payledger.infra.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.infra.support.AuditLog;
import com.payledger.infra.support.LedgerClient;
import com.payledger.infra.support.ServiceInstance;
import com.payledger.infra.support.TestDatabase;
import com.payledger.query.audit.checkpoint.CheckpointFormat;
import com.payledger.query.audit.checkpoint.CheckpointKey;
import com.payledger.query.audit.log.LeafEncoding;
import com.payledger.query.audit.log.LoggedEvent;
import com.payledger.query.audit.log.MerkleLogStore;
import com.payledger.query.audit.merkle.CompactRange;
import com.payledger.query.audit.merkle.MerkleHashes;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import tools.jackson.databind.JsonNode;

/**
 * A superuser who rewrites an event and everything derived from it (its leaf, the nodes above it, every
 * checkpoint's root) can sign the checkpoints again only with a key of their own. The service's verification
 * refuses that key when its signing key is configured; without one it cannot tell a forger's key from an earlier
 * process's, and says how many checkpoints it could not vouch for.
 */
class ForgedCheckpointsIT {

    private static final String SIGNING_KEY = "payledger.checkpoints.signing-key";
    private static final String TRUSTED_KEYS = "payledger.checkpoints.trusted-public-keys";

    @Test
    void givenAConfiguredKey_whenASuperuserRewritesTheLogAndSignsItAnew_thenNotIntactNamingTheForgersKey()
            throws Exception {
        String database = TestDatabase.newDatabase();
        KeyPair forger = KeyPairGenerator.getInstance(CheckpointFormat.ALGORITHM).generateKeyPair();
        long firstCheckpointSize;
        int checkpoints;
        try (ServiceInstance ledger = ServiceInstance.start(database, Map.of(SIGNING_KEY, newSigningKey()))) {
            LedgerClient client = ledger.client();
            JsonNode third = loggedAndCheckpointed(ledger, client);
            JsonNode before = client.get("/api/v1/audit/verification").body();
            assertThat(before.get("intact").asBoolean()).as(before.toString()).isTrue();
            assertThat(before.get("signerKeysPinned").asBoolean()).isTrue();
            assertThat(before.get("checkpointsByUnknownKeys").asInt()).isZero();
            assertThat(before.get("checkpointsByTrustedKeys").asInt()).isPositive()
                    .isEqualTo(before.get("checkpointsChecked").asInt());

            forgeAsSuperuser(ledger, database, third.get("globalIndex").asLong(), forger);

            firstCheckpointSize = ledger.jdbc().queryForObject("select min(tree_size) from audit.checkpoints",
                    Long.class);
            checkpoints = ledger.jdbc().queryForObject("select count(*) from audit.checkpoints", Integer.class);
            JsonNode after = client.get("/api/v1/audit/verification").body();
            assertThat(after.get("intact").asBoolean()).as(after.toString()).isFalse();
            assertThat(after.get("problem").asString()).isEqualTo("the checkpoint at size " + firstCheckpointSize
                    + " is signed by key " + CheckpointFormat.keyId(forger.getPublic())
                    + ", which the service does not trust");
            assertThat(after.get("firstBadPosition").asLong()).isEqualTo(firstCheckpointSize - 1);
        }

        try (ServiceInstance unpinned = ServiceInstance.start(database)) {
            JsonNode report = unpinned.client().get("/api/v1/audit/verification").body();
            assertThat(report.get("intact").asBoolean()).as("nothing to tell the forger's key from an earlier "
                    + "process's: " + report).isTrue();
            assertThat(report.get("signerKeysPinned").asBoolean()).isFalse();
            assertThat(report.get("checkpointsByTrustedKeys").asInt()).isZero();
            assertThat(report.get("checkpointsByUnknownKeys").asInt()).isEqualTo(checkpoints);
        }
    }

    @Test
    void givenARotatedSigningKey_whenTheEarlierPublicKeyIsTrusted_thenTheCheckpointsOfBothKeysAreTrusted() {
        String database = TestDatabase.newDatabase();
        String earlierKey = newSigningKey();
        String earlierPublicKey = earlierKey.split("\\s+")[1];
        String earlierKeyId = CheckpointFormat.keyId(CheckpointFormat.publicKey(earlierPublicKey));
        try (ServiceInstance ledger = ServiceInstance.start(database, Map.of(SIGNING_KEY, earlierKey))) {
            loggedAndCheckpointed(ledger, ledger.client());
        }

        try (ServiceInstance rotated = ServiceInstance.start(database, Map.of(SIGNING_KEY, newSigningKey()))) {
            JsonNode report = rotated.client().get("/api/v1/audit/verification").body();
            assertThat(report.get("intact").asBoolean()).as(report.toString()).isFalse();
            assertThat(report.get("problem").asString()).contains("signed by key " + earlierKeyId);
        }

        // Listed after an unrelated key, as an operator who rotated twice would.
        try (ServiceInstance rotated = ServiceInstance.start(database, Map.of(SIGNING_KEY, newSigningKey(),
                TRUSTED_KEYS, newPublicKey() + ", " + earlierPublicKey))) {
            LedgerClient client = rotated.client();
            client.transfer("after-rotation", "bank", "alice", 1, "EUR");
            AuditLog.awaitCheckpoint(client, rotated.jdbc().queryForObject(
                    "select count(*) from event_store.domainevententry", Long.class));
            JsonNode report = client.get("/api/v1/audit/verification").body();
            assertThat(report.get("intact").asBoolean()).as(report.toString()).isTrue();
            assertThat(report.get("checkpointsByUnknownKeys").asInt()).isZero();
            assertThat(report.get("checkpointsByTrustedKeys").asInt()).isGreaterThanOrEqualTo(2)
                    .isEqualTo(report.get("checkpointsChecked").asInt());
        }
    }

    /** A bank, alice and five transfers, all logged and checkpointed; returns alice's third event (300 in). */
    private static JsonNode loggedAndCheckpointed(ServiceInstance ledger, LedgerClient client) {
        LedgerClient.Response bank = client.openAccount("bank", "EUR", "treasury", "EXTERNAL");
        assertThat(bank.status()).as(bank.raw().body()).isEqualTo(201);
        assertThat(client.openAccount("alice", "EUR", "u-1", null).status()).isEqualTo(201);
        for (int i = 1; i <= 5; i++) {
            LedgerClient.Response transfer = client.transfer("t" + i, "bank", "alice", i * 100L, "EUR");
            assertThat(transfer.status()).as(String.valueOf(transfer.body())).isEqualTo(201);
        }
        JsonNode alice = AuditLog.awaitLogged(client, "alice");
        assertThat(alice.size()).as(alice.toString()).isEqualTo(6);
        long events = ledger.jdbc().queryForObject("select count(*) from event_store.domainevententry", Long.class);
        AuditLog.awaitCheckpoint(client, events);
        JsonNode third = alice.get(3);
        assertThat(third.get("payload").get("amount").get("amountMinor").asLong()).isEqualTo(300);
        return third;
    }

    /**
     * Lowers a credit from 300 to 30 past the append-only trigger, then makes every derived hash agree with it
     * and signs every checkpoint with the forger's key: all a superuser can do without the service's private key.
     */
    private static void forgeAsSuperuser(ServiceInstance ledger, String database, long globalIndex, KeyPair forger) {
        SingleConnectionDataSource superuser = new SingleConnectionDataSource(database, TestDatabase.superuser(),
                TestDatabase.superuserPassword(), true);
        try {
            JdbcTemplate jdbc = new JdbcTemplate(superuser);
            jdbc.execute("set session_replication_role = replica");
            assertThat(jdbc.update("""
                    update event_store.domainevententry
                       set payload = convert_to(replace(convert_from(payload, 'UTF8'), '"amountMinor":300',
                                                        '"amountMinor":30'), 'UTF8')
                     where globalindex = ?""", globalIndex)).isOne();
            Map<Long, byte[]> rootsBySize = rehashTheLog(jdbc, ledger.context().getBean(MerkleLogStore.class));
            List<Map<String, Object>> signed = jdbc.queryForList("select tree_size, signed_at from audit.checkpoints");
            for (Map<String, Object> checkpoint : signed) {
                long size = (Long) checkpoint.get("tree_size");
                Instant signedAt = ((Timestamp) checkpoint.get("signed_at")).toInstant();
                byte[] root = rootsBySize.get(size);
                byte[] signature = sign(forger, CheckpointFormat.signedBytes(size, MerkleHashes.hex(root), signedAt));
                assertThat(jdbc.update("""
                        update audit.checkpoints set root_hash = ?, signature = ?, key_id = ?, public_key = ?
                         where tree_size = ?""", root, signature, CheckpointFormat.keyId(forger.getPublic()),
                        forger.getPublic().getEncoded(), size)).isOne();
            }
        } finally {
            superuser.destroy();
        }
    }

    /** Recomputes every leaf and stored node from the rows as they are now; returns the root at every size. */
    private static Map<Long, byte[]> rehashTheLog(JdbcTemplate superuser, MerkleLogStore log) {
        List<LoggedEvent> leaves = log.leavesWithEvents(0, 10_000);
        CompactRange tree = CompactRange.empty();
        Map<Long, byte[]> rootsBySize = new HashMap<>();
        for (LoggedEvent leaf : leaves) {
            for (CompactRange.Node node : tree.append(MerkleHashes.leafHash(LeafEncoding.encode(leaf.event())))) {
                int updated = node.level() == 0
                        ? superuser.update("update audit.merkle_leaves set leaf_hash = ? where leaf_index = ?",
                                node.hash(), node.index())
                        : superuser.update("update audit.merkle_nodes set hash = ? where level = ? and node_index = ?",
                                node.hash(), node.level(), node.index());
                assertThat(updated).as("subtree " + node).isOne();
            }
            rootsBySize.put(tree.size(), tree.root());
        }
        return rootsBySize;
    }

    private static byte[] sign(KeyPair key, byte[] message) {
        try {
            Signature signer = Signature.getInstance(CheckpointFormat.ALGORITHM);
            signer.initSign(key.getPrivate());
            signer.update(message);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A key pair in the configuration's form, on one line: command-line arguments carry no line breaks well. */
    private static String newSigningKey() {
        try {
            return CheckpointKey.generateConfiguration().replace('\n', ' ');
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String newPublicKey() {
        return newSigningKey().split(" ")[1];
    }
}
