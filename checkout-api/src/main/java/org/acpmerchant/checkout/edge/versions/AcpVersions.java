package org.acpmerchant.checkout.edge.versions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.acpmerchant.checkout.CheckoutProperties;

/**
 * Every served ACP version, newest first, each chained to the next newer one down to the canonical 2026-04-17.
 * {@link org.acpmerchant.checkout.edge.ApiVersions#SUPPORTED} lists the same names.
 */
public final class AcpVersions {

    private final Map<String, AcpVersion> byName = new LinkedHashMap<>();

    public AcpVersions(MerchantProfile merchant) {
        AcpVersion v2026_04_17 = new V2026_04_17();
        AcpVersion v2026_01_30 = new V2026_01_30(v2026_04_17);
        AcpVersion v2026_01_16 = new V2026_01_16(v2026_01_30, merchant);
        AcpVersion v2025_12_12 = new V2025_12_12(v2026_01_16);
        AcpVersion v2025_09_29 = new V2025_09_29(v2025_12_12);
        for (AcpVersion v : List.of(v2026_04_17, v2026_01_30, v2026_01_16, v2025_12_12, v2025_09_29)) {
            byName.put(v.name(), v);
        }
    }

    public static AcpVersions of(CheckoutProperties props) {
        return new AcpVersions(MerchantProfile.of(props));
    }

    /** The version named by an {@code API-Version} value the edge filter already accepted. */
    public AcpVersion get(String name) {
        AcpVersion version = byName.get(name);
        if (version == null) {
            throw new IllegalArgumentException("unsupported ACP version " + name);
        }
        return version;
    }

    public AcpVersion canonical() {
        return byName.get(V2026_04_17.NAME);
    }

    /** Names, newest first. */
    public List<String> names() {
        return new ArrayList<>(byName.keySet());
    }

    public List<AcpVersion> all() {
        return List.copyOf(byName.values());
    }
}
