package com.payledger.query.audit.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The Ed25519 key pair that signs checkpoints: {@code PAYLEDGER_CHECKPOINT_SIGNING_KEY} holds two whitespace-
 * separated base64 texts, the private key (PKCS#8) and then the public key (X.509), exactly as
 * {@code java -jar payledger.jar generate-checkpoint-key} prints them; or {@code PAYLEDGER_CHECKPOINT_SIGNING_KEY_FILE}
 * names a file with that text. The JDK cannot derive an Ed25519 public key from the private one, hence both; they
 * are checked against each other on start. Without a configured key, a fresh one is made for this process only;
 * every checkpoint records the public key it was signed with, but a key read from the database proves nothing to
 * the service itself: see {@link TrustedCheckpointKeys}.
 */
@Component
public class CheckpointKey {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointKey.class);

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final boolean configured;

    CheckpointKey(@Value("${payledger.checkpoints.signing-key:}") String base64,
                  @Value("${payledger.checkpoints.signing-key-file:}") String file) {
        try {
            String keyText = !base64.isBlank() ? base64 : !file.isBlank() ? Files.readString(Path.of(file)) : "";
            KeyPair pair = keyText.isBlank() ? generated() : fromPkcs8(keyText.trim());
            this.privateKey = pair.getPrivate();
            this.publicKey = pair.getPublic();
            this.configured = !keyText.isBlank();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the checkpoint signing key file " + file, e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("the checkpoint signing key is not a base64 PKCS#8 Ed25519 key", e);
        }
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public String keyId() {
        return CheckpointFormat.keyId(publicKey);
    }

    /** False when the key was made for this process only, so that earlier processes signed with other keys. */
    public boolean configured() {
        return configured;
    }

    public byte[] sign(byte[] message) {
        try {
            Signature signer = Signature.getInstance(CheckpointFormat.ALGORITHM);
            signer.initSign(privateKey);
            signer.update(message);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    private static KeyPair generated() throws GeneralSecurityException {
        LOG.warn("No PAYLEDGER_CHECKPOINT_SIGNING_KEY configured: checkpoints are signed with a key made for this "
                + "process only. Configure a key before auditors rely on the checkpoints.");
        return KeyPairGenerator.getInstance(CheckpointFormat.ALGORITHM).generateKeyPair();
    }

    private static KeyPair fromPkcs8(String privateAndPublic) throws GeneralSecurityException {
        String[] parts = privateAndPublic.split("\\s+");
        if (parts.length != 2) {
            throw new IllegalArgumentException("expected the private and the public key, separated by whitespace");
        }
        KeyFactory factory = KeyFactory.getInstance(CheckpointFormat.ALGORITHM);
        PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(parts[0])));
        PublicKey publicKey = CheckpointFormat.publicKey(parts[1]);
        byte[] probe = "payledger key check".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Signature signer = Signature.getInstance(CheckpointFormat.ALGORITHM);
        signer.initSign(privateKey);
        signer.update(probe);
        Signature verifier = Signature.getInstance(CheckpointFormat.ALGORITHM);
        verifier.initVerify(publicKey);
        verifier.update(probe);
        if (!verifier.verify(signer.sign())) {
            throw new IllegalArgumentException("the public key does not belong to the private key");
        }
        return new KeyPair(publicKey, privateKey);
    }

    /** A new key pair in the configuration format: base64 PKCS#8 private key, newline, base64 X.509 public key. */
    public static String generateConfiguration() throws GeneralSecurityException {
        KeyPair pair = KeyPairGenerator.getInstance(CheckpointFormat.ALGORITHM).generateKeyPair();
        return Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()) + "\n"
                + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
    }
}
