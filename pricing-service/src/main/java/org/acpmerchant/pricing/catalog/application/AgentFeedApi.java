package org.acpmerchant.pricing.catalog.application;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The agent's Feed API (ACP digest §17), which the merchant calls. Implementations retry transient failures. */
public interface AgentFeedApi {

    /** {@code POST /feeds}: creates the merchant's feed and returns its id. */
    String createFeed(String targetCountry);

    /** {@code PATCH /feeds/{feedId}/products}: upserts complete Products by id. */
    void upsertProducts(String feedId, List<ObjectNode> products);

    /** HTTP calls made so far, retries included (for the push record). */
    int attempts();

    /** The base URL the API lives at (pushes and the created feed are recorded per base URL). */
    String baseUrl();
}
