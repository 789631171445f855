package org.acpmerchant.pricing.catalog.domain;

import java.util.List;

/** The feed did not validate; nothing of it was applied. */
public class InvalidFeedException extends RuntimeException {

    private final List<FeedProblem> problems;

    public InvalidFeedException(List<FeedProblem> problems) {
        super("invalid product feed: " + problems);
        this.problems = List.copyOf(problems);
    }

    public List<FeedProblem> problems() {
        return problems;
    }
}
