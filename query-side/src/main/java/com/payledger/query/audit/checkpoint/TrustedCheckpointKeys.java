package com.payledger.query.audit.checkpoint;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The keys whose checkpoints the service's own verification accepts: its signing key ({@link CheckpointKey}) and the
 * earlier public keys an operator lists in {@code payledger.checkpoints.trusted-public-keys} after a rotation. The
 * public key stored in a checkpoint's row proves nothing by itself: a superuser who rewrites the log can sign new
 * checkpoints with a key of their own and store that key beside them.
 *
 * <p>An earlier key may carry the largest tree size it signed ({@code KEY:SIZE}): a key is rotated because it
 * leaked, and whoever holds it could otherwise sign a checkpoint over a rewritten log after the rotation and have it
 * trusted (audit hunt). A checkpoint of a larger tree by that key is refused. The bound is configuration, outside the
 * database that whoever rewrites the log can change.
 *
 * <p>With a configured signing key the signers are pinned, and a checkpoint by any other key is refused. Without one,
 * every earlier process signed with a key made for it alone, which nothing the service holds can vouch for: refusing
 * those would break the log at every restart, so their signatures are checked against the key they name, and the
 * verification counts them apart.
 */
@Component
public class TrustedCheckpointKeys {

    /** Who signed a checkpoint, as far as the service can tell. */
    public enum Signer {
        /** A valid signature by a key the service trusts. */
        TRUSTED_KEY,
        /** A valid signature by the key the checkpoint names, which the service does not know; signers not pinned. */
        UNKNOWN_KEY,
        /** A key the service does not know, while the signers are pinned: the signature is not even looked at. */
        REFUSED_KEY,
        /** The signature is not valid for the key the checkpoint names, or that key is unreadable. */
        INVALID_SIGNATURE,
        /** A trusted earlier key, for a tree larger than the largest it signed before it was retired. */
        RETIRED_KEY
    }

    /** A trusted key, and the largest tree size it may sign ({@link Long#MAX_VALUE}: any). */
    record TrustedKey(PublicKey key, long largestTreeSize) {
    }

    private final Map<String, TrustedKey> trustedByEncoding = new LinkedHashMap<>();
    private final boolean pinned;

    @Autowired
    TrustedCheckpointKeys(CheckpointKey signingKey,
                          @Value("${payledger.checkpoints.trusted-public-keys:}") String earlierPublicKeys) {
        this(withSigningKey(signingKey.publicKey(), parse(earlierPublicKeys)), signingKey.configured());
    }

    TrustedCheckpointKeys(Collection<PublicKey> trusted, boolean pinned) {
        this(trusted.stream().map(key -> new TrustedKey(key, Long.MAX_VALUE)).toList(), pinned);
    }

    private TrustedCheckpointKeys(List<TrustedKey> trusted, boolean pinned) {
        trusted.forEach(key -> trustedByEncoding.put(Base64.getEncoder().encodeToString(key.key().getEncoded()),
                key));
        this.pinned = pinned;
    }

    /** True when only the trusted keys may sign: the signing key is configured, not made for this process. */
    public boolean pinned() {
        return pinned;
    }

    /** Who signed the checkpoint; it is signed as it should be when the answer is a trusted or an unknown key. */
    public Signer signer(Checkpoint checkpoint) {
        TrustedKey trusted = trustedByEncoding.get(checkpoint.publicKey());
        if (trusted != null) {
            if (!signedBy(checkpoint, trusted.key())) {
                return Signer.INVALID_SIGNATURE;
            }
            return checkpoint.treeSize() > trusted.largestTreeSize() ? Signer.RETIRED_KEY : Signer.TRUSTED_KEY;
        }
        if (pinned) {
            return Signer.REFUSED_KEY;
        }
        PublicKey named = readable(checkpoint.publicKey());
        return named != null && signedBy(checkpoint, named) ? Signer.UNKNOWN_KEY : Signer.INVALID_SIGNATURE;
    }

    /**
     * The id of the key the checkpoint names, derived from the key itself rather than read from the row's
     * {@code key_id}, which anyone able to change the row could set to a trusted key's id; empty when the named key
     * cannot be read (the row was altered).
     */
    public static Optional<String> keyId(Checkpoint checkpoint) {
        return Optional.ofNullable(readable(checkpoint.publicKey())).map(CheckpointFormat::keyId);
    }

    private static boolean signedBy(Checkpoint checkpoint, PublicKey key) {
        return CheckpointFormat.verify(checkpoint.treeSize(), checkpoint.rootHash(), checkpoint.timestamp(),
                checkpoint.signature(), key);
    }

    private static PublicKey readable(String base64) {
        try {
            return base64 == null ? null : CheckpointFormat.publicKey(base64);
        } catch (IllegalArgumentException unreadable) {
            return null;
        }
    }

    private static List<TrustedKey> withSigningKey(PublicKey signingKey, List<TrustedKey> earlier) {
        List<TrustedKey> all = new ArrayList<>(earlier);
        all.add(0, new TrustedKey(signingKey, Long.MAX_VALUE));
        return all;
    }

    /**
     * Base64 X.509 public keys separated by whitespace or commas, each optionally followed by {@code :} and the
     * largest tree size it signed; an entry that cannot be read stops the start.
     */
    static List<TrustedKey> parse(String publicKeys) {
        List<TrustedKey> keys = new ArrayList<>();
        for (String text : publicKeys.strip().split("[\\s,]+")) {
            if (text.isEmpty()) {
                continue;
            }
            int colon = text.indexOf(':');
            String entry = "payledger.checkpoints.trusted-public-keys: entry " + (keys.size() + 1);
            long largest = Long.MAX_VALUE;
            if (colon >= 0) {
                try {
                    largest = Long.parseLong(text.substring(colon + 1));
                } catch (NumberFormatException notANumber) {
                    largest = -1;
                }
                if (largest < 1) {
                    throw new IllegalStateException(entry + ": after the colon, the largest tree size the key "
                            + "signed, a positive integer");
                }
            }
            try {
                keys.add(new TrustedKey(CheckpointFormat.publicKey(colon < 0 ? text : text.substring(0, colon)),
                        largest));
            } catch (IllegalArgumentException unreadable) {
                throw new IllegalStateException(entry + " is not a base64 X.509 Ed25519 public key", unreadable);
            }
        }
        return List.copyOf(keys);
    }
}
