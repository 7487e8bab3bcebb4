package dev.actgate.shared.connections;

import io.micronaut.context.annotation.ConfigurationProperties;

/** {@code actgate.connect.*}: the hosted connect flow's deployment settings. */
@ConfigurationProperties("actgate.connect")
public class ConnectSettings {
    /**
     * How long a connect link ({@code POST /connect-sessions}) may wait before it is opened. Short: the link is a
     * bearer credential for one connect screen, handed to a browser through the customer's app.
     */
    private long linkTtlSeconds = 600;

    public long getLinkTtlSeconds() { return linkTtlSeconds; }
    public void setLinkTtlSeconds(long v) { this.linkTtlSeconds = v; }
}
