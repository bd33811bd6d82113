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
        INVALID_SIGNATURE
    }

    private final Map<String, PublicKey> trustedByEncoding = new LinkedHashMap<>();
    private final boolean pinned;

    @Autowired
    TrustedCheckpointKeys(CheckpointKey signingKey,
                          @Value("${payledger.checkpoints.trusted-public-keys:}") String earlierPublicKeys) {
        this(withSigningKey(signingKey.publicKey(), parse(earlierPublicKeys)), signingKey.configured());
    }

    TrustedCheckpointKeys(Collection<PublicKey> trusted, boolean pinned) {
        trusted.forEach(key -> trustedByEncoding.put(Base64.getEncoder().encodeToString(key.getEncoded()), key));
        this.pinned = pinned;
    }

    /** True when only the trusted keys may sign: the signing key is configured, not made for this process. */
    public boolean pinned() {
        return pinned;
    }

    /** Who signed the checkpoint; it is signed as it should be when the answer is a trusted or an unknown key. */
    public Signer signer(Checkpoint checkpoint) {
        PublicKey trusted = trustedByEncoding.get(checkpoint.publicKey());
        if (trusted != null) {
            return signedBy(checkpoint, trusted) ? Signer.TRUSTED_KEY : Signer.INVALID_SIGNATURE;
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

    private static List<PublicKey> withSigningKey(PublicKey signingKey, List<PublicKey> earlier) {
        List<PublicKey> all = new ArrayList<>(earlier);
        all.add(0, signingKey);
        return all;
    }

    /** Base64 X.509 public keys separated by whitespace or commas; one that cannot be read stops the start. */
    static List<PublicKey> parse(String publicKeys) {
        List<PublicKey> keys = new ArrayList<>();
        for (String text : publicKeys.strip().split("[\\s,]+")) {
            if (text.isEmpty()) {
                continue;
            }
            try {
                keys.add(CheckpointFormat.publicKey(text));
            } catch (IllegalArgumentException unreadable) {
                throw new IllegalStateException("payledger.checkpoints.trusted-public-keys: entry " + (keys.size() + 1)
                        + " is not a base64 X.509 Ed25519 public key", unreadable);
            }
        }
        return List.copyOf(keys);
    }
}
