package org.acpmerchant.checkout.edge;

/**
 * The form every session and cart id has ({@code cs_…}, {@code cart_…}: letters, digits, {@code _} and {@code -}, at
 * most 64 characters). Anything else names no resource: it is answered 404 before it reaches an idempotency record,
 * a store or a log line, whatever its length or content.
 */
public final class ResourceIds {

    public static final int MAX_LENGTH = 64;

    private ResourceIds() {}

    public static boolean valid(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** The id segment of {@code /checkout_sessions/{id}[/…]} or {@code /carts/{id}[/…]}, or null for the collection. */
    static String idOf(String path) {
        int start = path.indexOf('/', 1);
        if (start < 0) {
            return null;
        }
        int end = path.indexOf('/', start + 1);
        return end < 0 ? path.substring(start + 1) : path.substring(start + 1, end);
    }

    /** An id as it may be echoed in an error message: short and printable. */
    public static String shown(String id) {
        String printable = id.replaceAll("[^A-Za-z0-9_-]", "?");
        return printable.length() > 20 ? printable.substring(0, 20) + "…" : printable;
    }
}
