package com.payledger.infra.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The OpenAPI description names a record's schema by its simple name, so records of the command and the query side
 * with the same name share one schema, whichever the generator met first: were their fields or their nullability to
 * drift apart, one endpoint's documented answer would silently be the other's. They must stay the same shape.
 */
class SharedSchemaNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "com.payledger.command.account.AccountBody$Balance, com.payledger.query.account.AccountView$Balance, "
                + "com.payledger.query.audit.AuditTrailController$Balance",
        "com.payledger.command.recurringpayment.ScheduleBody$RetryPolicy, "
                + "com.payledger.query.schedule.ScheduleView$RetryPolicy",
        "com.payledger.command.recurringpayment.ScheduleSnapshot$Outcome, "
                + "com.payledger.query.schedule.ScheduleView$Outcome",
        "com.payledger.command.recurringpayment.ScheduleSnapshot$PendingRetry, "
                + "com.payledger.query.schedule.ScheduleView$PendingRetry"})
    void givenRecordsSharingASchemaName_whenCompared_thenTheirComponentsAreTheSame(String classNames)
            throws ClassNotFoundException {
        List<String> shapes = new java.util.ArrayList<>();
        for (String name : classNames.split(",\\s*")) {
            shapes.add(shape(Class.forName(name)));
        }
        assertThat(shapes).as(classNames).allMatch(shape -> shape.equals(shapes.get(0)));
    }

    private static String shape(Class<?> record) {
        assertThat(record.isRecord()).as(record.getName()).isTrue();
        return Arrays.stream(record.getRecordComponents()).map(SharedSchemaNamesTest::describe).toList().toString();
    }

    private static String describe(RecordComponent component) {
        boolean nullable = component.getAnnotatedType().isAnnotationPresent(Nullable.class);
        return component.getName() + ":" + component.getGenericType().getTypeName() + (nullable ? "?" : "");
    }
}
