package com.payledger.infra.cli;

import com.payledger.query.audit.checkpoint.CheckpointKey;
import java.io.PrintStream;
import java.security.GeneralSecurityException;

/** Prints a new checkpoint signing key pair in the form PAYLEDGER_CHECKPOINT_SIGNING_KEY expects. */
final class GenerateKeyCommand {

    private GenerateKeyCommand() {
    }

    static int run(PrintStream out) {
        try {
            out.println(CheckpointKey.generateConfiguration());
            return 0;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot make Ed25519 keys", e);
        }
    }
}
