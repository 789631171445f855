package org.acpmerchant.checkout.edge.versions;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.acpmerchant.checkout.CheckoutProperties;

/**
 * Every served ACP version, newest first, and the one registry of them: {@link #RELEASES} has one line per version.
 * Each version is a delta against its neighbour toward the {@link #CANONICAL} one (the shape the parser reads and the
 * renderer writes): an older version against the next newer, a newer one against the next older. So adding ACP
 * version N+1 is one class (its request step to N, its response step from N) and one line here; the canonical model
 * stays as it is until the project moves it (ADR 0015).
 */
public final class AcpVersions {

    /** The version the canonical parser reads and the renderer writes. */
    public static final String CANONICAL = V2026_04_17.NAME;

    /** A served version: its name ({@code API-Version}) and how to build it on its neighbour toward canonical. */
    public record Release(String name, BiFunction<AcpVersion, MerchantProfile, AcpVersion> build) {}

    /** One line per released version (any order; they are served newest first). */
    public static final List<Release> RELEASES = List.of(
            new Release(V2026_04_17.NAME, (toward, merchant) -> new V2026_04_17()),
            new Release(V2026_01_30.NAME, (toward, merchant) -> new V2026_01_30(toward)),
            new Release(V2026_01_16.NAME, V2026_01_16::new),
            new Release(V2025_12_12.NAME, (toward, merchant) -> new V2025_12_12(toward)),
            new Release(V2025_09_29.NAME, (toward, merchant) -> new V2025_09_29(toward)));

    private final Map<String, AcpVersion> byName = new LinkedHashMap<>();

    public AcpVersions(MerchantProfile merchant) {
        this(merchant, List.of());
    }

    /** The released versions and {@code more} (versions this deployment adds, e.g. a test's), newest first. */
    public AcpVersions(MerchantProfile merchant, List<Release> more) {
        List<Release> all = new ArrayList<>(RELEASES);
        for (Release extra : more) {
            if (all.stream().anyMatch(r -> r.name().equals(extra.name()))) {
                throw new IllegalArgumentException("ACP version " + extra.name() + " is registered twice");
            }
            all.add(extra);
        }
        all.sort(Comparator.comparing(Release::name).reversed()); // ISO dates: newest first
        int canonical = indexOf(all, CANONICAL);
        AcpVersion[] built = new AcpVersion[all.size()];
        built[canonical] = all.get(canonical).build().apply(null, merchant);
        for (int i = canonical - 1; i >= 0; i--) { // newer than canonical: each on the next older
            built[i] = all.get(i).build().apply(built[i + 1], merchant);
        }
        for (int i = canonical + 1; i < all.size(); i++) { // older: each on the next newer
            built[i] = all.get(i).build().apply(built[i - 1], merchant);
        }
        for (AcpVersion v : built) {
            if (byName.put(v.name(), v) != null) {
                throw new IllegalStateException("two versions built as " + v.name());
            }
        }
    }

    private static int indexOf(List<Release> all, String name) {
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalStateException("the canonical version " + name + " is not released");
    }

    public static AcpVersions of(CheckoutProperties props) {
        return new AcpVersions(MerchantProfile.of(props));
    }

    /** The names of the released versions, newest first (without any a deployment adds). */
    public static List<String> releasedNames() {
        return RELEASES.stream().map(Release::name).sorted(Comparator.reverseOrder()).toList();
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
        return byName.get(CANONICAL);
    }

    /** Names, newest first. */
    public List<String> names() {
        return new ArrayList<>(byName.keySet());
    }

    public List<AcpVersion> all() {
        return List.copyOf(byName.values());
    }
}
