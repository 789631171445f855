package org.acpmerchant.checkout.edge;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one way the gateway parses what an agent sends (request bodies, their fingerprints, version upgrades, MCP):
 * the parser refuses oversized input while it reads it, before anything grows with it.
 */
public final class BoundedJson {

    /** Deeper than any ACP request needs (metadata included). */
    public static final int MAX_DEPTH = 32;
    /** Digits in one number literal. */
    public static final int MAX_NUMBER_LENGTH = 40;
    /** Characters in one string; each field has its own, shorter, limit. */
    public static final int MAX_STRING = 64 * 1024;

    private BoundedJson() {}

    public static JsonMapper.Builder builder() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_DEPTH)
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .maxStringLength(MAX_STRING)
                        .maxDocumentLength(1024 * 1024)
                        .maxNameLength(256)
                        .build())
                .build();
        return JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    }
}
