package org.acpmerchant.platform.ops;

import java.util.Optional;

/** Signed-in ops console sessions, where a service serves the console: the cookie's value to the session it names. */
public interface OpsSessions {

    /** A live session: who, in which role, and the CSRF token its writes must carry. */
    record Session(String actor, OpsTokenFilter.Role role, String csrf) {}

    Optional<Session> find(String cookieValue);
}
