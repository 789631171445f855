package org.acpmerchant.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The inbox's settings (ADR 0061): defaults longer than a topic can hold a record, and no setting that defeats it. */
class PlatformPropertiesTest {

    @Test
    void theInboxDefaults_outlastTheTopicsRetention() {
        var inbox = new PlatformProperties(null, null, null, null, null, null, null, null, null).inbox();
        assertThat(inbox.retention()).isEqualTo(Duration.ofDays(15)); // 7 days of retention.ms + up to 7 of segment.ms
        assertThat(inbox.purgeInterval()).isEqualTo(Duration.ofMinutes(10));
        assertThat(inbox.purgeBatch()).isEqualTo(10_000);
    }

    @Test
    void anInboxRetentionUnderADay_orANonPositiveIntervalOrBatch_isRefused() {
        assertThatThrownBy(() -> new PlatformProperties.InboxSettings(Duration.ofHours(23), null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least a day");
        assertThatThrownBy(() -> new PlatformProperties.InboxSettings(null, Duration.ZERO, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("purge-interval");
        assertThatThrownBy(() -> new PlatformProperties.InboxSettings(null, null, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("purge-batch");
        assertThat(new PlatformProperties.InboxSettings(Duration.ofDays(1), Duration.ofSeconds(1), 1).retention())
                .isEqualTo(Duration.ofDays(1));
    }
}
