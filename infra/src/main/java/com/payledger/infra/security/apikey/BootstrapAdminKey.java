package com.payledger.infra.security.apikey;

import com.payledger.infra.failure.StartupRefusal;
import com.payledger.infra.security.ApiRole;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Registers the first admin key from {@code PAYLEDGER_BOOTSTRAP_ADMIN_KEY} (or the file named by
 * {@code PAYLEDGER_BOOTSTRAP_ADMIN_KEY_FILE}) when the service starts, so a fresh ledger can be administered at all.
 * Starting again with the same key changes nothing; a bootstrap key once revoked stays revoked. Rotate it by issuing a
 * new ADMIN key through the API and revoking this one.
 */
@Component
class BootstrapAdminKey implements SmartInitializingSingleton {

    private static final Logger LOG = LoggerFactory.getLogger(BootstrapAdminKey.class);

    private final ApiKeys keys;
    private final String key;

    BootstrapAdminKey(ApiKeys keys, @Value("${payledger.security.bootstrap-admin-key:}") String key,
                      @Value("${payledger.security.bootstrap-admin-key-file:}") String keyFile) {
        this.keys = keys;
        this.key = SecretSource.read("PAYLEDGER_BOOTSTRAP_ADMIN_KEY", key, keyFile);
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (key.isEmpty()) {
            LOG.info("No PAYLEDGER_BOOTSTRAP_ADMIN_KEY: only keys already issued can call the API");
            return;
        }
        if (key.length() < ApiKeySecret.MINIMUM_LENGTH || !key.chars().allMatch(c -> c > ' ' && c < 127)) {
            throw new StartupRefusal("PAYLEDGER_BOOTSTRAP_ADMIN_KEY must be at least " + ApiKeySecret.MINIMUM_LENGTH
                    + " printable ASCII characters without spaces.", "Generate one with `openssl rand -base64 32`.");
        }
        keys.register(key, ApiRole.ADMIN, null, "bootstrap", "PAYLEDGER_BOOTSTRAP_ADMIN_KEY").ifPresentOrElse(
                // The id only: not even the first characters of a secret belong in a log.
                issued -> LOG.info("Registered the bootstrap admin key {}", issued.view().id()),
                () -> {
                    if (keys.isRevoked(key)) {
                        LOG.warn("PAYLEDGER_BOOTSTRAP_ADMIN_KEY names a revoked key: it stays revoked");
                    }
                });
    }
}
