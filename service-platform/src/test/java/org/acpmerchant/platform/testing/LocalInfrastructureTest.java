package org.acpmerchant.platform.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalInfrastructureTest {

    private static final String[] CHOICES = {"auto", "testcontainers", "machine", "embedded"};

    @Test
    void anUnsetOrBlankSwitchMeansAuto() {
        assertThat(LocalInfrastructure.setting(Map.<String, String>of()::get, "ACP_TEST_POSTGRES", "auto", CHOICES))
                .isEqualTo("auto");
        assertThat(LocalInfrastructure.setting(Map.of("ACP_TEST_POSTGRES", " ")::get, "ACP_TEST_POSTGRES", "auto",
                CHOICES)).isEqualTo("auto");
    }

    @Test
    void aKnownChoiceIsTaken() {
        assertThat(LocalInfrastructure.setting(Map.of("ACP_TEST_KAFKA", "testcontainers")::get, "ACP_TEST_KAFKA",
                "auto", "auto", "testcontainers", "embedded")).isEqualTo("testcontainers");
    }

    @Test
    void aMistypedChoiceStopsTheRunNamingTheSwitch() {
        assertThatThrownBy(() -> LocalInfrastructure.setting(Map.of("ACP_TEST_KAFKA", "machine")::get,
                "ACP_TEST_KAFKA", "auto", "auto", "testcontainers", "embedded"))
                .hasMessage("ACP_TEST_KAFKA=machine is not one of auto, testcontainers, embedded");
    }
}
