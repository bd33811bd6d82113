package com.payledger.infra.support;

import java.time.Clock;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** Puts {@link TestClock} in place of the system clock in every service instance a test starts. */
@TestConfiguration(proxyBeanMethods = false)
public class TestClockConfiguration {

    @Bean
    @Primary
    Clock testClock() {
        return TestClock.INSTANCE;
    }
}
