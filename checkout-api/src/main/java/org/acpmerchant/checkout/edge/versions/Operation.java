package org.acpmerchant.checkout.edge.versions;

/** The five ACP checkout operations; a version's request and response mappings may depend on which one runs. */
public enum Operation {
    CREATE,
    UPDATE,
    RETRIEVE,
    COMPLETE,
    CANCEL
}
