package com.payledger.infra.cli;

import com.payledger.query.audit.checkpoint.CheckpointFormat;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;

/** Ed25519 keys and signatures for the offline verifiers' tests, made as the service makes them. */
final class TestSigningKeys {

    private TestSigningKeys() {
    }

    static KeyPair generated() {
        try {
            return KeyPairGenerator.getInstance(CheckpointFormat.ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public key as the service shows it: base64 of its X.509 encoding. */
    static String publicKey(KeyPair key) {
        return Base64.getEncoder().encodeToString(key.getPublic().getEncoded());
    }

    /** {@code message} signed with {@code key}'s private key, in base64. */
    static String sign(KeyPair key, byte[] message) {
        try {
            Signature signer = Signature.getInstance(CheckpointFormat.ALGORITHM);
            signer.initSign(key.getPrivate());
            signer.update(message);
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
