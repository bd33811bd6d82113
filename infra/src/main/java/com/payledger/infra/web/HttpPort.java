package com.payledger.infra.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * {@code PAYLEDGER_PORT} must name a port. Spring Boot reads a negative {@code server.port} as "no HTTP server", so
 * {@code PAYLEDGER_PORT=-1} started a service that no client and no health probe could reach, while it ran the
 * payment automation and signed checkpoints: in a cluster, possibly the instance paying, unobserved.
 */
@Component
class HttpPort {

    HttpPort(@Value("${server.port:8080}") String port) {
        requireAPort(port);
    }

    static void requireAPort(String port) {
        int number;
        try {
            number = Integer.parseInt(port.strip());
        } catch (NumberFormatException notANumber) {
            number = -1;
        }
        if (number < 0 || number > 65_535) {
            throw new IllegalArgumentException("PAYLEDGER_PORT must be a port from 1 to 65535, or 0 for any free one, "
                    + "not " + port);
        }
    }
}
