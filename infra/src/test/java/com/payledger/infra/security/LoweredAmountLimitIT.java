package com.payledger.infra.security;

import static com.payledger.infra.support.Schedules.body;
import static com.payledger.infra.support.Schedules.create;
import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.infra.support.LedgerClient;
import com.payledger.infra.support.LedgerClient.Response;
import com.payledger.infra.support.Schedules;
import com.payledger.infra.support.ServiceInstance;
import com.payledger.infra.support.TestDatabase;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A deployment lowers {@code PAYLEDGER_MAX_AMOUNT_MINOR} and restarts. What it accepted before stays accepted: the
 * identical retry of a transfer, a schedule's creation or an amount change gets its first answer, not a 422, since a
 * client that lost the answer must be able to learn it. Only new requests over the limit are refused, and change
 * nothing.
 */
class LoweredAmountLimitIT {

    @Test
    void givenRequestsAcceptedUnderAHigherLimit_whenRetriedAfterItWasLowered_thenFirstAnswersAndOnlyNewOnesRefused() {
        String database = TestDatabase.newDatabase();
        LocalDate nextYear = Schedules.today().plusYears(1);
        String key;
        Response transfer;
        Response changed;
        try (ServiceInstance before = ServiceInstance.start(database, Map.of())) {
            LedgerClient operator = before.client();
            assertThat(operator.openAccount("lim-bank", "EUR", "u-lim", "EXTERNAL").status()).isEqualTo(201);
            key = operator.clientKey("u-lim");
            LedgerClient owner = operator.withKey(key);
            assertThat(owner.openAccount("lim-a", "EUR", "u-lim", null).status()).isEqualTo(201);
            assertThat(owner.openAccount("lim-b", "EUR", "u-lim", null).status()).isEqualTo(201);
            assertThat(owner.transfer("lim-fund", "lim-bank", "lim-a", 1_000_000, "EUR").status()).isEqualTo(201);
            transfer = owner.transfer("lim-big", "lim-a", "lim-b", 5_000, "EUR");
            assertThat(transfer.status()).isEqualTo(201);
            assertThat(create(owner, schedule(nextYear)).status()).isEqualTo(201);
            changed = owner.patch("/api/v1/schedules/lim-s", Map.of("amount", 6_000));
            assertThat(changed.status()).isEqualTo(200);
        }

        try (ServiceInstance after = ServiceInstance.start(database,
                Map.of("payledger.limits.amount-minor-max", "1000"))) {
            LedgerClient owner = after.client().withKey(key);
            Long events = after.jdbc().queryForObject("select count(*) from event_store.domainevententry",
                    Long.class);

            Response retried = owner.transfer("lim-big", "lim-a", "lim-b", 5_000, "EUR");
            assertThat(retried.status()).isEqualTo(201);
            assertThat(retried.body()).isEqualTo(transfer.body());
            Response recreated = create(owner, schedule(nextYear));
            assertThat(recreated.status()).isEqualTo(201);
            assertThat(recreated.body().get("id").asString()).isEqualTo("lim-s");
            Response changedAgain = owner.patch("/api/v1/schedules/lim-s", Map.of("amount", 6_000));
            assertThat(changedAgain.status()).isEqualTo(200);
            assertThat(changedAgain.body().get("amount")).isEqualTo(changed.body().get("amount"));

            assertThat(owner.transfer("lim-new", "lim-a", "lim-b", 5_000, "EUR").code())
                    .isEqualTo("AMOUNT_TOO_LARGE");
            assertThat(owner.patch("/api/v1/schedules/lim-s", Map.of("amount", 7_000)).code())
                    .isEqualTo("AMOUNT_TOO_LARGE");
            Response newSchedule = create(owner, body("lim-s2", "lim-a", "lim-b", 5_000, "FREQ=MONTHLY", nextYear,
                    "09:00", "UTC", Map.of()));
            assertThat(newSchedule.status()).isEqualTo(422);
            assertThat(newSchedule.code()).isEqualTo("AMOUNT_TOO_LARGE");
            assertThat(owner.transfer("lim-small", "lim-a", "lim-b", 1_000, "EUR").status()).isEqualTo(201);

            assertThat(owner.postedBalance("lim-a")).isEqualTo(1_000_000 - 5_000 - 1_000);
            assertThat(after.jdbc().queryForObject("select count(*) from event_store.domainevententry",
                    Long.class)).as("only the last, small transfer's two legs were recorded").isEqualTo(events + 2);
        }
    }

    private static Map<String, Object> schedule(LocalDate start) {
        return body("lim-s", "lim-a", "lim-b", 5_000, "FREQ=MONTHLY", start, "09:00", "UTC", Map.of());
    }
}
