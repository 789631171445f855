package org.acpmerchant.payment.payment.infrastructure;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import org.acpmerchant.payment.payment.domain.CredentialRegistry;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** {@link CredentialRegistry} in table {@code granted_token_status}, keyed by the token's SHA-256. */
@Component
class JdbcCredentialRegistry implements CredentialRegistry {

    private final JdbcTemplate jdbc;

    JdbcCredentialRegistry(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean isDeactivated(String credentialToken) {
        if (credentialToken == null) {
            return false;
        }
        Integer count = jdbc.queryForObject(
                "select count(*) from granted_token_status where token_sha256 = ? and deactivated_at is not null",
                Integer.class, sha256(credentialToken));
        return count != null && count > 0;
    }

    @Override
    public void recordUsed(String credentialToken, Instant at) {
        jdbc.update("insert into granted_token_status (token_sha256, used_at) values (?, ?) on conflict (token_sha256)"
                + " do update set used_at = coalesce(granted_token_status.used_at, excluded.used_at), updated_at = now()",
                sha256(credentialToken), Timestamp.from(at));
    }

    @Override
    public void recordDeactivated(String credentialToken, Instant at) {
        jdbc.update("insert into granted_token_status (token_sha256, deactivated_at) values (?, ?) on conflict (token_sha256)"
                + " do update set deactivated_at = coalesce(granted_token_status.deactivated_at, excluded.deactivated_at),"
                + " updated_at = now()",
                sha256(credentialToken), Timestamp.from(at));
    }

    static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
