package dev.actgate.shared.egress;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.util.ArrayList;
import java.util.List;

/**
 * Operator configuration of the egress policy ({@code actgate.egress.*}; env {@code ACTGATE_EGRESS_ALLOW}, set by
 * template.yaml's {@code EgressAllowlist} parameter). Never written through the API: a workspace manager cannot
 * widen it.
 */
@ConfigurationProperties("actgate.egress")
public class EgressSettings {
    /**
     * Destinations allowed although they are internal. Each entry is a CIDR ({@code 10.20.0.0/16},
     * {@code fd12::/48}), an address ({@code 10.0.0.7}, {@code [fd12::7]}) or a host name ({@code billing.internal},
     * {@code *.corp.example}), each optionally with {@code :port}. Comma-separated in one environment variable.
     */
    private List<String> allow = new ArrayList<>();

    public List<String> getAllow() {
        return allow;
    }

    public void setAllow(List<String> allow) {
        this.allow = allow == null ? new ArrayList<>() : allow;
    }
}
