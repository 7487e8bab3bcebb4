package dev.actgate.shared.agents;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.util.List;

/**
 * {@code actgate.mcp.*}: the MCP endpoint's deployment settings.
 * <ul>
 *   <li>{@code allowed-hosts}: extra {@code Host} names it answers (custom domains); loopback names, the public URL's
 *       host and API Gateway's {@code *.execute-api.*.amazonaws.com} always pass;</li>
 *   <li>{@code allowed-origins}: browser origins allowed to call it ({@code *} for any); none by default;</li>
 *   <li>{@code page-size} / {@code max-page-bytes}: a {@code tools/list} page holds at most this many tools and
 *       about this many bytes (Lambda's response limit is 6 MB; a page stays far below it);</li>
 *   <li>{@code conformance-fixtures}: offer the official conformance suite's fixed-answer test tools (test mode
 *       only, and never inside Lambda: see {@link ConformanceFixtures}); off by default.</li>
 * </ul>
 */
@ConfigurationProperties("actgate.mcp")
public class McpSettings {
    private List<String> allowedHosts = List.of();
    private List<String> allowedOrigins = List.of();
    private int pageSize = 100;
    private int maxPageBytes = 1_000_000;
    private boolean conformanceFixtures;

    public List<String> getAllowedHosts() {
        return allowedHosts;
    }

    public void setAllowedHosts(List<String> allowedHosts) {
        this.allowedHosts = allowedHosts == null ? List.of() : allowedHosts;
    }

    public List<String> getAllowedOrigins() {
        return allowedOrigins;
    }

    public void setAllowedOrigins(List<String> allowedOrigins) {
        this.allowedOrigins = allowedOrigins == null ? List.of() : allowedOrigins;
    }

    public int getPageSize() {
        return pageSize;
    }

    public void setPageSize(int pageSize) {
        this.pageSize = Math.max(1, Math.min(1000, pageSize));
    }

    public int getMaxPageBytes() {
        return maxPageBytes;
    }

    public void setMaxPageBytes(int maxPageBytes) {
        this.maxPageBytes = Math.max(10_000, Math.min(5_000_000, maxPageBytes));
    }

    public boolean isConformanceFixtures() { return conformanceFixtures; }
    public void setConformanceFixtures(boolean conformanceFixtures) { this.conformanceFixtures = conformanceFixtures; }
}
