package org.acpmerchant.checkout.discovery.web;

import org.acpmerchant.checkout.edge.versions.AcpVersions;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.acpmerchant.checkout.CheckoutProperties;
import org.acpmerchant.platform.axon.AxonJson;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import java.time.Duration;

/**
 * ACP discovery ({@code GET /.well-known/acp.json}): unauthenticated, cacheable for an hour, no merchant ids. The
 * versions are the ones this gateway serves ({@link AcpVersions}, listed oldest first here, as the discovery schema
 * wants).
 */
@RestController
class DiscoveryController {

    private final ObjectMapper json = AxonJson.newObjectMapper();
    private final CheckoutProperties props;
    private final List<String> served;

    DiscoveryController(CheckoutProperties props, AcpVersions versions) {
        this.props = props;
        this.served = versions.names();
    }

    @GetMapping("/.well-known/acp.json")
    ResponseEntity<String> discovery(HttpServletRequest request) {
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .cacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePublic())
                .body(document(baseUrl(request)).toString());
    }

    ObjectNode document(String apiBaseUrl) {
        ObjectNode root = json.createObjectNode();
        ObjectNode protocol = root.putObject("protocol");
        protocol.put("name", "acp");
        protocol.put("version", served.get(0));
        List<String> oldestFirst = new ArrayList<>(served);
        Collections.reverse(oldestFirst);
        ArrayNode versions = protocol.putArray("supported_versions");
        oldestFirst.forEach(versions::add);
        root.put("api_base_url", apiBaseUrl);
        root.putArray("transports").add("rest").add("mcp");
        ObjectNode capabilities = root.putObject("capabilities");
        capabilities.putArray("services").add("checkout").add("orders");
        capabilities.putArray("extensions").addObject().put("name", "discount");
        ArrayNode interventions = capabilities.putArray("intervention_types");
        props.sellerInterventions().forEach(interventions::add);
        capabilities.putArray("supported_currencies").add(props.defaultCurrency());
        return root;
    }

    /**
     * The configured public URL; without one (the local stack), the gateway's own local address, never the request's
     * {@code Host} header: a cacheable document must not carry whatever host a caller claims.
     */
    private String baseUrl(HttpServletRequest request) {
        if (props.publicBaseUrl() != null) {
            return props.publicBaseUrl();
        }
        String scheme = request.getScheme();
        int port = request.getLocalPort();
        boolean defaultPort = ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
        String host = request.getLocalAddr();
        if (host != null && host.contains(":")) {
            host = "[" + host + "]";
        }
        return scheme + "://" + host + (defaultPort ? "" : ":" + port);
    }
}
