package com.payledger.infra.database;

import com.payledger.infra.failure.StartupRefusal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Database passwords come from the environment ({@code PAYLEDGER_DB_PASSWORD}, {@code PAYLEDGER_DB_MIGRATION_PASSWORD})
 * or from a file each ({@code PAYLEDGER_DB_PASSWORD_FILE}, {@code PAYLEDGER_DB_MIGRATION_PASSWORD_FILE}), the way
 * container platforms mount secrets; never both for one password. A file's content without its trailing line break
 * is the password. No password is ever logged or put into an exception message.
 */
public class DatabasePasswords implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    static final String RUNTIME = "PAYLEDGER_DB_PASSWORD";
    static final String MIGRATION = "PAYLEDGER_DB_MIGRATION_PASSWORD";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment environment = context.getEnvironment();
        Map<String, Object> fromFiles = new HashMap<>();
        fromFile(environment::getProperty, RUNTIME).ifPresent(p -> fromFiles.put("spring.datasource.password", p));
        fromFile(environment::getProperty, MIGRATION).ifPresent(p -> fromFiles.put("spring.flyway.password", p));
        if (!fromFiles.isEmpty()) {
            environment.getPropertySources().addFirst(new MapPropertySource("databasePasswordFiles", fromFiles));
        }
    }

    /** The password in {@code variable}, or in the file named by {@code variable_FILE}; empty when neither is set. */
    public static Optional<String> password(UnaryOperator<String> environment, String variable) {
        Optional<String> fromFile = fromFile(environment, variable);
        return fromFile.isPresent() ? fromFile : Optional.ofNullable(environment.apply(variable));
    }

    private static Optional<String> fromFile(UnaryOperator<String> environment, String variable) {
        String file = environment.apply(variable + "_FILE");
        if (file == null || file.isBlank()) {
            return Optional.empty();
        }
        String direct = environment.apply(variable);
        if (direct != null && !direct.isEmpty()) {
            throw new StartupRefusal("set " + variable + " or " + variable + "_FILE, not both",
                    "Remove one of them.");
        }
        try {
            return Optional.of(Files.readString(Path.of(file)).replaceFirst("\\R\\z", ""));
        } catch (IOException e) {
            // The path is not secret; the exception of a failed read holds no content.
            throw new StartupRefusal("Cannot read " + variable + "_FILE " + file + " ("
                    + e.getClass().getSimpleName() + ").",
                    "Make the file readable by the service's user, or name another.", e);
        }
    }
}
