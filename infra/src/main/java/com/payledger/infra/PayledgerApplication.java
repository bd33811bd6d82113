package com.payledger.infra;

import com.payledger.infra.cli.Commands;
import com.payledger.infra.database.DatabasePasswords;
import com.payledger.infra.database.EmbeddedPostgresInitializer;
import com.payledger.infra.settings.SettingsCheck;
import org.axonframework.springboot.autoconfig.AxonDbSchedulerAutoConfiguration;
import org.axonframework.springboot.autoconfig.UpdateCheckerAutoConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;

/**
 * The composition root: one Spring Boot application wiring the command side, the query side and the PostgreSQL
 * event store. Feature code lives in the other modules; this module holds no business rule.
 */
// Axon's update checker phones home and writes ~/.axoniq even when disabled by property: leave it out entirely.
// Deadlines are wired explicitly in DeadlineConfiguration.
@SpringBootApplication(scanBasePackages = "com.payledger",
        exclude = {UpdateCheckerAutoConfiguration.class, AxonDbSchedulerAutoConfiguration.class,
                // API keys are the only credentials: no generated in-memory user with a logged password.
                UserDetailsServiceAutoConfiguration.class})
public class PayledgerApplication {

    public static void main(String[] args) {
        if (Commands.isCommand(args)) {
            // The auditor's tools: no Spring context, no database unless the command asks for one.
            System.exit(Commands.run(args, System.out));
        }
        System.setProperty("disable-axoniq-console-message", "true");
        SpringApplication application = new SpringApplication(PayledgerApplication.class);
        // Settings first: a value with no meaning stops the start before the embedded PostgreSQL is started.
        application.addInitializers(new SettingsCheck(), new DatabasePasswords(), new EmbeddedPostgresInitializer());
        try {
            application.run(args);
        } catch (RuntimeException failedStart) {
            // Spring closed the context and reported why; a thread the close did not stop (a tracking processor in
            // its retry back-off when the port was taken) kept a failed start's JVM alive, and an orchestrator
            // waiting for the exit waited for good.
            System.exit(1);
        }
    }
}
