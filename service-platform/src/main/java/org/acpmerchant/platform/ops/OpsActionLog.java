package org.acpmerchant.platform.ops;

import java.time.Instant;

/** Where a service records every ops write: who, when, what, from where, through the console or the API, and how it ended. */
public interface OpsActionLog {

    record Action(Instant at, String actor, String role, String via, String method, String path, int status,
            String remoteAddress, String userAgent) {}

    void record(Action action);
}
