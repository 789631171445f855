package org.acpmerchant.platform.testing.archfixture.domain;

/** A domain class that breaks the rule on purpose: {@code ArchitectureRulesTest} shows the rule catches it. */
public class LeakyAggregate {

    public int count(org.springframework.jdbc.core.JdbcTemplate jdbc) {
        return jdbc.queryForObject("select 1", Integer.class);
    }
}
