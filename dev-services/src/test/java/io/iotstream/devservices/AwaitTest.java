package io.iotstream.devservices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class AwaitTest {

    @Test
    void shouldReturnOnceConditionHolds() {
        AtomicInteger calls = new AtomicInteger();
        Await.until("third call", Duration.ofSeconds(5), () -> calls.incrementAndGet() >= 3);
        assertThat(calls).hasValue(3);
    }

    @Test
    void shouldReturnFirstNonNullValue() {
        AtomicInteger calls = new AtomicInteger();
        String value = Await.until("a value", Duration.ofSeconds(5),
                () -> calls.incrementAndGet() < 2 ? null : "v" + calls.get());
        assertThat(value).isEqualTo("v2");
    }

    @Test
    void shouldTreatExceptionsAsNotYet() {
        AtomicInteger calls = new AtomicInteger();
        Await.until("assertion passes", Duration.ofSeconds(5), () -> {
            assertThat(calls.incrementAndGet()).isGreaterThan(2);
            return true;
        });
        assertThat(calls).hasValue(3);
    }

    @Test
    void shouldFailNamingDescriptionAndLastFailure() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> Await.until("the moon is cheese", Duration.ofMillis(300), (BooleanSupplier) () -> {
            throw new IllegalStateException("still rock");
        }))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("the moon is cheese")
                .hasMessageContaining("still rock")
                .hasCauseInstanceOf(IllegalStateException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(300),
                Duration.ofSeconds(3));
    }

    @Test
    void shouldFailWhenConditionStaysFalse() {
        assertThatThrownBy(() -> Await.until("never", Duration.ofMillis(50), () -> false))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("waiting for: never");
    }
}
