package org.acpmerchant.pricing.catalog.domain;

/** A bad record in a feed: the file, the 1-based line (0 when the file is one JSON document), the field and why. */
public record FeedProblem(String file, int line, String field, String message) {
    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line : "") + " " + field + ": " + message;
    }
}
