package org.acpmerchant.checkout.edge;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * {@code http.server.requests} of the gateway also by ACP version ({@code acp_version}: one of the five served, or
 * {@code none} where the edge filter did not accept one), so latency and errors per operation and version can be
 * told apart; the set is fixed, the cardinality bounded. The request's span also names its agent, session and
 * {@code Request-Id}.
 */
public class AcpRequestObservations extends DefaultServerRequestObservationConvention {

    @Override
    public KeyValues getLowCardinalityKeyValues(ServerRequestObservationContext context) {
        Object version = context.getCarrier().getAttribute(AcpEdgeFilter.VERSION_ATTRIBUTE);
        // set only once the edge filter accepted it as a served version: a bounded set
        String value = version instanceof String v ? v : "none";
        return super.getLowCardinalityKeyValues(context).and(KeyValue.of("acp_version", value));
    }

    /** On the request's span only (never a metric tag): its agent, checkout session and {@code Request-Id}. */
    @Override
    public KeyValues getHighCardinalityKeyValues(ServerRequestObservationContext context) {
        KeyValues values = super.getHighCardinalityKeyValues(context);
        for (String attribute : HIGH_CARDINALITY) {
            if (context.getCarrier().getAttribute(attribute) instanceof String value) {
                values = values.and(KeyValue.of(attribute, value));
            }
        }
        return values;
    }

    private static final String[] HIGH_CARDINALITY = {
        AcpEdgeFilter.AGENT_ATTRIBUTE, AcpEdgeFilter.SESSION_ATTRIBUTE, AcpEdgeFilter.REQUEST_ID_ATTRIBUTE
    };
}
