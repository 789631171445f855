package org.acpmerchant.orders.order.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.HashMap;
import java.util.Map;
import org.acpmerchant.orders.order.api.OrderCommand;
import org.acpmerchant.orders.order.query.OrderViewRepository;
import org.acpmerchant.platform.messaging.AuditMetadata;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;

/** Merchant API commands with their audit metadata: the merchant API as actor, its request id, the order's session. */
final class MerchantCommands {

    private MerchantCommands() {}

    static <R> R send(CommandGateway commands, OrderViewRepository views, HttpServletRequest request,
            OrderCommand command) {
        Map<String, Object> audit = new HashMap<>();
        audit.put(AuditMetadata.ACTOR, "merchant:api");
        views.find(command.orderId())
                .ifPresent(o -> audit.put(AuditMetadata.SESSION_ID, o.path("checkout_session_id").asText()));
        String requestId = request.getHeader("Request-Id");
        if (requestId != null) {
            audit.put(AuditMetadata.REQUEST_ID, requestId);
        }
        return commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(audit));
    }
}
