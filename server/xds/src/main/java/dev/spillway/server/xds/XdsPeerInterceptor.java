package dev.spillway.server.xds;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/** Puts the call's {@link XdsPeer}, read from the TLS session, into the call's context. */
final class XdsPeerInterceptor implements ServerInterceptor {

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        XdsPeer peer = peerOf(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
        return Contexts.interceptCall(Context.current().withValue(XdsPeer.KEY, peer), call, headers, next);
    }

    static XdsPeer peerOf(SSLSession session) {
        if (session == null) {
            return XdsPeer.PLAINTEXT;
        }
        try {
            Certificate[] chain = session.getPeerCertificates();
            return XdsPeer.ofTls(chain.length > 0 && chain[0] instanceof X509Certificate leaf ? leaf : null);
        } catch (SSLPeerUnverifiedException e) {
            return XdsPeer.ofTls(null);
        }
    }
}
