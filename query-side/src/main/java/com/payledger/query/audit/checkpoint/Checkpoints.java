package com.payledger.query.audit.checkpoint;

import com.payledger.query.audit.log.MerkleLogStore;
import com.payledger.query.audit.merkle.MerkleHashes;
import com.payledger.query.audit.merkle.MerkleProofs;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Signs checkpoints of the verifiable log and reads them back ({@code audit.checkpoints}). */
@Component
public class Checkpoints {

    private final JdbcTemplate jdbc;
    private final MerkleLogStore log;
    private final CheckpointKey key;
    private final Clock clock;

    Checkpoints(JdbcTemplate jdbc, MerkleLogStore log, CheckpointKey key, Clock clock) {
        this.jdbc = jdbc;
        this.log = log;
        this.key = key;
        this.clock = clock;
    }

    /**
     * Signs the log as it stands, unless it is empty or the latest checkpoint covers every leaf. Runs on one
     * instance at a time (a db-scheduler recurring task); a second signer of the same size loses on the primary key.
     */
    public Optional<Checkpoint> signCurrentTree() {
        long size = log.size();
        if (size == 0 || latest().map(Checkpoint::treeSize).orElse(0L) >= size) {
            return Optional.empty();
        }
        String root = MerkleHashes.hex(proofs().root(size));
        Instant timestamp = clock.instant().truncatedTo(ChronoUnit.MICROS);
        byte[] signature = key.sign(CheckpointFormat.signedBytes(size, root, timestamp));
        int inserted = jdbc.update("""
                insert into audit.checkpoints (tree_size, root_hash, signed_at, signature, key_id, public_key)
                values (?, ?, ?, ?, ?, ?) on conflict (tree_size) do nothing""", size,
                MerkleHashes.fromHex(root), Timestamp.from(timestamp), signature, key.keyId(),
                key.publicKey().getEncoded());
        return inserted == 1 ? latest() : Optional.empty();
    }

    public Optional<Checkpoint> latest() {
        return recent(1).stream().findFirst();
    }

    public List<Checkpoint> recent(int limit) {
        return jdbc.query("select * from audit.checkpoints order by tree_size desc limit ?", Checkpoints::toCheckpoint,
                limit);
    }

    /**
     * The checkpoints of at least {@code fromTreeSize} leaves, oldest first, at most {@code limit}: what a full
     * verification re-checks, a page at a time. All at once, a million checkpoints (two years of one a minute) took
     * over a gigabyte of heap per verification.
     */
    public List<Checkpoint> inOrder(long fromTreeSize, int limit) {
        return jdbc.query("select * from audit.checkpoints where tree_size >= ? order by tree_size limit ?",
                Checkpoints::toCheckpoint, fromTreeSize, limit);
    }

    public MerkleProofs proofs() {
        return new MerkleProofs(log::subtree);
    }

    private static Checkpoint toCheckpoint(ResultSet row, int rowNumber) throws SQLException {
        Base64.Encoder base64 = Base64.getEncoder();
        return new Checkpoint(row.getLong("tree_size"), MerkleHashes.hex(row.getBytes("root_hash")),
                row.getTimestamp("signed_at").toInstant(), base64.encodeToString(row.getBytes("signature")),
                row.getString("key_id"), base64.encodeToString(row.getBytes("public_key")));
    }
}
