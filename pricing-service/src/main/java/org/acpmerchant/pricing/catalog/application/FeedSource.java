package org.acpmerchant.pricing.catalog.application;

import java.io.IOException;
import java.io.InputStream;

/** A product feed's files by name ({@code metadata.json}, {@code products.jsonl}, {@code inventory.json}). */
public interface FeedSource {

    /** Opens the named file; throws {@link java.io.FileNotFoundException} when it does not exist. */
    InputStream open(String name) throws IOException;

    boolean exists(String name);

    String describe();
}
