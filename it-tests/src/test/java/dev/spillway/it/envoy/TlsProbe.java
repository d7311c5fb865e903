package dev.spillway.it.envoy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.StandardConstants;
import javax.net.ssl.TrustManagerFactory;

/**
 * What the local proxy does on a failover hop, done by hand: a TLS connection to a failover gateway with
 * a chosen SNI, with or without a client certificate, then {@code GET /} through it. Tells whether the
 * gateway answered or refused (handshake failed, or the connection closed without an answer: with TLS
 * 1.3 a missing client certificate is only reported after the client's side of the handshake is done).
 */
final class TlsProbe {
    /** What came of one attempt. */
    record Outcome(boolean handshakeCompleted, String answer, String failure) {
        boolean refused() {
            return answer.isEmpty();
        }

        @Override
        public String toString() {
            return refused()
                    ? "refused (" + (handshakeCompleted ? "after handshake: " : "handshake: ") + failure + ")"
                    : "answered: " + answer.strip().replace("\r\n", " | ");
        }
    }

    private TlsProbe() {}

    /**
     * An SNI host name sent as is. Envoy cluster names hold '_', which {@code SNIHostName} refuses (it
     * wants LDH host names) but Envoy's own upstream TLS sends, and BoringSSL takes.
     */
    private static final class RawHostName extends SNIServerName {
        RawHostName(String name) {
            super(StandardConstants.SNI_HOST_NAME, name.getBytes(StandardCharsets.US_ASCII));
        }
    }

    /**
     * Connects to {@code host:port} with SNI {@code sni}, presenting {@code clientKeys} when not null and
     * trusting only {@code serverTrust}, and sends {@code GET /}.
     */
    static Outcome get(String host, int port, String sni, KeyStore clientKeys, KeyStore serverTrust) {
        boolean handshake = false;
        try (SSLSocket socket =
                (SSLSocket) context(clientKeys, serverTrust).getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress(host, port), 3000);
            socket.setSoTimeout(5000);
            SSLParameters params = socket.getSSLParameters();
            params.setServerNames(List.of(new RawHostName(sni)));
            socket.setSSLParameters(params);
            socket.startHandshake();
            handshake = true;
            socket.getOutputStream()
                    .write(("GET / HTTP/1.1\r\nHost: " + sni + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String answer = readAll(socket.getInputStream());
            return new Outcome(true, answer, answer.isEmpty() ? "closed without an answer" : "");
        } catch (IOException e) {
            return new Outcome(handshake, "", e.toString());
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static SSLContext context(KeyStore clientKeys, KeyStore serverTrust) {
        try {
            KeyManager[] keys = null;
            if (clientKeys != null) {
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(clientKeys, new char[0]);
                keys = kmf.getKeyManagers();
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(serverTrust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keys, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
