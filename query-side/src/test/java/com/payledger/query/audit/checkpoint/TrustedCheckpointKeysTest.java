package com.payledger.query.audit.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payledger.query.audit.checkpoint.TrustedCheckpointKeys.Signer;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The service's own verification trusts the keys it was given, never the key a checkpoint row names: with a
 * configured signing key any other signer is refused; without one, other signers are told apart as unknown.
 */
class TrustedCheckpointKeysTest {

    private static final String ROOT = "ab".repeat(32);
    private static final Instant SIGNED_AT = Instant.parse("2026-12-01T10:15:30.123456Z");

    private final KeyPair own = generated();
    private final KeyPair stranger = generated();

    @Test
    void givenAConfiguredSigningKey_whenItSignedTheCheckpoint_thenTrusted() {
        TrustedCheckpointKeys keys = new TrustedCheckpointKeys(configured(own), "");

        assertThat(keys.pinned()).isTrue();
        assertThat(keys.signer(signedBy(own, 7))).isEqualTo(Signer.TRUSTED_KEY);
    }

    @Test
    void givenAConfiguredSigningKey_whenAnotherKeySignedTheCheckpoint_thenRefusedAndNamedByItsOwnKeyId() {
        TrustedCheckpointKeys keys = new TrustedCheckpointKeys(configured(own), "");
        Checkpoint forged = withRecordedKeyId(signedBy(stranger, 7), CheckpointFormat.keyId(own.getPublic()));

        assertThat(keys.signer(forged)).isEqualTo(Signer.REFUSED_KEY);
        assertThat(TrustedCheckpointKeys.keyId(forged)).as("derived from the key, not the recorded id")
                .contains(CheckpointFormat.keyId(stranger.getPublic()));
    }

    @Test
    void givenAnEarlierKeyListedAsTrusted_whenItSignedTheCheckpoint_thenTrusted() {
        KeyPair earlier = generated();
        KeyPair other = generated();
        TrustedCheckpointKeys keys = new TrustedCheckpointKeys(configured(own),
                " " + base64(other) + ",\n" + base64(earlier) + " ");

        assertThat(keys.signer(signedBy(earlier, 3))).isEqualTo(Signer.TRUSTED_KEY);
        assertThat(keys.signer(signedBy(other, 4))).isEqualTo(Signer.TRUSTED_KEY);
        assertThat(keys.signer(signedBy(stranger, 5))).isEqualTo(Signer.REFUSED_KEY);
    }

    @Test
    void givenNoConfiguredSigningKey_whenAnotherKeySignedTheCheckpoint_thenUnknownNotRefused() {
        TrustedCheckpointKeys keys = new TrustedCheckpointKeys(new CheckpointKey("", ""), "");

        assertThat(keys.pinned()).isFalse();
        assertThat(keys.signer(signedBy(stranger, 7))).isEqualTo(Signer.UNKNOWN_KEY);
    }

    @Test
    void givenACheckpointNamingATrustedKey_whenAnotherKeySignedIt_thenTheSignatureIsInvalid() {
        Checkpoint forged = namingKey(signedBy(stranger, 7), own);

        assertThat(new TrustedCheckpointKeys(List.of(own.getPublic()), true).signer(forged))
                .isEqualTo(Signer.INVALID_SIGNATURE);
        assertThat(new TrustedCheckpointKeys(List.of(own.getPublic()), false).signer(forged))
                .isEqualTo(Signer.INVALID_SIGNATURE);
    }

    @Test
    void givenNoConfiguredSigningKey_whenAnUnknownKeysSignatureDoesNotMatch_thenTheSignatureIsInvalid() {
        TrustedCheckpointKeys keys = new TrustedCheckpointKeys(List.of(own.getPublic()), false);
        Checkpoint signed = signedBy(stranger, 7);
        Checkpoint otherRoot = new Checkpoint(signed.treeSize(), "cd".repeat(32), signed.timestamp(),
                signed.signature(), signed.keyId(), signed.publicKey());

        assertThat(keys.signer(otherRoot)).isEqualTo(Signer.INVALID_SIGNATURE);
    }

    @Test
    void givenAnUnreadablePublicKeyInTheRow_whenChecked_thenInvalidOrRefusedAndNoKeyIdIsTakenFromTheRow() {
        Checkpoint signed = signedBy(stranger, 7);
        Checkpoint unreadable = new Checkpoint(signed.treeSize(), signed.rootHash(), signed.timestamp(),
                signed.signature(), "0123456789abcdef", "bm90IGEga2V5");

        assertThat(new TrustedCheckpointKeys(List.of(own.getPublic()), false).signer(unreadable))
                .isEqualTo(Signer.INVALID_SIGNATURE);
        assertThat(new TrustedCheckpointKeys(List.of(own.getPublic()), true).signer(unreadable))
                .isEqualTo(Signer.REFUSED_KEY);
        // The row's key_id is whatever the one who altered it wrote: it names no signer.
        assertThat(TrustedCheckpointKeys.keyId(unreadable)).isEmpty();
    }

    /** A rotated key may have leaked: past the largest tree it signed, its checkpoints are refused. */
    @Test
    void givenAnEarlierKeyRetiredAtATreeSize_whenItSignedALargerTree_thenRetiredNotTrusted() {
        KeyPair earlier = generated();
        TrustedCheckpointKeys keys = new TrustedCheckpointKeys(configured(own), base64(earlier) + ":5");

        assertThat(keys.signer(signedBy(earlier, 5))).isEqualTo(Signer.TRUSTED_KEY);
        assertThat(keys.signer(signedBy(earlier, 6))).isEqualTo(Signer.RETIRED_KEY);
        assertThat(keys.signer(signedBy(own, 6))).isEqualTo(Signer.TRUSTED_KEY);
        for (String bound : new String[] {":0", ":-1", ":x", ":"}) {
            assertThatThrownBy(() -> new TrustedCheckpointKeys(configured(own), base64(earlier) + bound)).as(bound)
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("largest tree size");
        }
    }

    @Test
    void givenAnUnreadableTrustedKey_whenStarting_thenTheStartFailsNamingTheEntry() {
        assertThatThrownBy(() -> new TrustedCheckpointKeys(configured(own), base64(stranger) + ", not-a-key"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("trusted-public-keys: entry 2 ");
    }

    private static CheckpointKey configured(KeyPair pair) {
        Base64.Encoder base64 = Base64.getEncoder();
        return new CheckpointKey(base64.encodeToString(pair.getPrivate().getEncoded()) + "\n" + base64(pair), "");
    }

    private static Checkpoint signedBy(KeyPair pair, long treeSize) {
        try {
            Signature signer = Signature.getInstance(CheckpointFormat.ALGORITHM);
            signer.initSign(pair.getPrivate());
            signer.update(CheckpointFormat.signedBytes(treeSize, ROOT, SIGNED_AT));
            return new Checkpoint(treeSize, ROOT, SIGNED_AT, Base64.getEncoder().encodeToString(signer.sign()),
                    CheckpointFormat.keyId(pair.getPublic()), base64(pair));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Checkpoint withRecordedKeyId(Checkpoint checkpoint, String keyId) {
        return new Checkpoint(checkpoint.treeSize(), checkpoint.rootHash(), checkpoint.timestamp(),
                checkpoint.signature(), keyId, checkpoint.publicKey());
    }

    private static Checkpoint namingKey(Checkpoint checkpoint, KeyPair named) {
        return new Checkpoint(checkpoint.treeSize(), checkpoint.rootHash(), checkpoint.timestamp(),
                checkpoint.signature(), CheckpointFormat.keyId(named.getPublic()), base64(named));
    }

    private static String base64(KeyPair pair) {
        return Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
    }

    private static KeyPair generated() {
        try {
            return KeyPairGenerator.getInstance(CheckpointFormat.ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
