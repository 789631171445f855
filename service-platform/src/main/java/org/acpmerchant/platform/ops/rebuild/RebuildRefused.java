package org.acpmerchant.platform.ops.rebuild;

/** A rebuild request that cannot be honoured now, with the code the ops API answers with (409). */
public class RebuildRefused extends RuntimeException {

    private final String code;

    public RebuildRefused(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
