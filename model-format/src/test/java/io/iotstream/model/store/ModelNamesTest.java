package io.iotstream.model.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"turbine", "a", "v1.2.3", "2026-03-01_rc1", "A9"})
    void shouldAcceptSafeNames(String value) {
        assertThat(ModelNames.isValid(value)).isTrue();
        assertThat(ModelNames.requireValidName(value)).isEqualTo(value);
        assertThat(ModelNames.requireValidVersion(value)).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b", "..", "1..2", "a b", " a", "a\n", ".hidden", "-x", "_x", "a\\b", "ü", "a:b"})
    void shouldRefuseNamesThatCouldEscapeOrConfuse(String value) {
        assertThat(ModelNames.isValid(value)).isFalse();
        assertThatThrownBy(() -> ModelNames.requireValidVersion(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("model version '")
                .hasMessageContaining("is not allowed: use 1-128 letters, digits");
    }

    @Test
    void shouldRefuseMissingAndOverlongNames() {
        assertThatThrownBy(() -> ModelNames.requireValidName(null)).hasMessageStartingWith("model name is missing");
        assertThatThrownBy(() -> ModelNames.requireValidName("")).hasMessageStartingWith("model name is missing");
        assertThat(ModelNames.isValid("a".repeat(128))).isTrue();
        assertThat(ModelNames.isValid("a".repeat(129))).isFalse();
    }

    @Test
    void shouldShowControlCharactersInMessagesAsEscapes() {
        assertThatThrownBy(() -> ModelNames.requireValidName("a\tb"))
                .hasMessageContaining("'a\\u0009b'");
    }
}
