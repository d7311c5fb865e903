package dev.spillway.server.xds;

import dev.spillway.api.model.ProxyGroup;

/** Receives the load reports of proxies on the LRS service, on the stream's thread. */
public interface LoadReportListener {
    /** Ignores every report. */
    LoadReportListener NONE = new LoadReportListener() {
        @Override
        public void onReport(LoadReport report) {}

        @Override
        public void onProxyGone(ProxyGroup group, String nodeId) {}
    };

    /** One proxy's load on some of its clusters over its last interval. */
    void onReport(LoadReport report);

    /** The proxy's LRS stream ended: its last reports no longer describe live traffic. */
    void onProxyGone(ProxyGroup group, String nodeId);
}
