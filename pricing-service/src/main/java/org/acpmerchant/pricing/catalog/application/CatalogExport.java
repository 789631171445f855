package org.acpmerchant.pricing.catalog.application;

import java.io.IOException;
import java.io.OutputStream;

/** Port: the current catalog as an ACP feed, written as it is read (the merchant API's export). */
public interface CatalogExport {

    /** The feed's {@code metadata.json}. */
    void writeMetadata(OutputStream out) throws IOException;

    /** The feed's {@code products.jsonl}: one Product per line. */
    void writeProducts(OutputStream out);
}
