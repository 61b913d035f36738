package io.strideline.realtime;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A WebSocket client on a plain {@link Socket}: the upgrade by hand, frames by hand. Unlike the JDK
 * client it reads nothing it is not asked to, so the server sees a client that stopped reading at
 * the TCP level (full receive window), and the test can later look for what reached the wire.
 */
final class RawWebSocket implements AutoCloseable {

    /** A frame as the server sent it. */
    record Frame(int opcode, byte[] payload) {}

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /**
     * Upgrades {@code path} with a bearer token. {@code receiveBuffer}: a small one (set before
     * connecting, so the window stays small) makes the server's writes block soon.
     */
    static RawWebSocket open(int port, String path, String bearer, int receiveBuffer) throws IOException {
        var socket = new Socket();
        socket.setReceiveBufferSize(receiveBuffer);
        socket.connect(new InetSocketAddress("localhost", port));
        // a safety net for a broken server, not a measured time: a test never waits this long
        socket.setSoTimeout(60_000);
        var client = new RawWebSocket(socket);
        var key = new byte[16];
        ThreadLocalRandom.current().nextBytes(key);
        client.out.write(("GET " + path + " HTTP/1.1\r\n"
                        + "Host: localhost:" + port + "\r\n"
                        + "Upgrade: websocket\r\n"
                        + "Connection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\n"
                        + "Sec-WebSocket-Version: 13\r\n"
                        + "Authorization: Bearer " + bearer + "\r\n\r\n")
                .getBytes(US_ASCII));
        client.out.flush();
        String head = client.head();
        if (!head.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("upgrade refused: " + head);
        }
        return client;
    }

    /** The response head, read byte by byte so that no frame is read with it. */
    private String head() throws IOException {
        var head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed during the upgrade: " + head.toString(US_ASCII));
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
        }
        return head.toString(US_ASCII);
    }

    /** Sends a text message in one masked frame, as a client must. */
    void sendText(String text) throws IOException {
        byte[] payload = text.getBytes(UTF_8);
        var frame = new ByteArrayOutputStream();
        frame.write(0x81);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xFF);
        }
        var mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    /** The next frame; null when the connection ended (closed or reset) before one came whole. */
    @Nullable
    Frame frame() throws IOException {
        try {
            int first = in.read();
            if (first < 0) {
                return null;
            }
            int second = in.readUnsignedByte();
            long length = second & 0x7F;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] payload = in.readNBytes((int) length);
            return payload.length == length ? new Frame(first & 0x0F, payload) : null;
        } catch (EOFException | SocketException ended) {
            return null;
        }
    }

    /** The next text message, as JSON. */
    JsonNode text() throws IOException {
        var frame = frame();
        if (frame == null || frame.opcode() != 1) {
            throw new IOException("expected a text frame, got " + (frame == null ? "the end" : frame.opcode()));
        }
        return LiveClients.JSON.readTree(new String(frame.payload(), UTF_8));
    }

    /**
     * Reads everything the server sent, to the end: the code of its close frame, or -1 when the
     * connection ended without one.
     */
    int closeCode() throws IOException {
        for (var frame = frame(); frame != null; frame = frame()) {
            if (frame.opcode() == 8) {
                return frame.payload().length < 2
                        ? 1005
                        : ((frame.payload()[0] & 0xFF) << 8) | (frame.payload()[1] & 0xFF);
            }
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
