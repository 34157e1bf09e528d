package dev.floorwatch.simulator.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Many wallboard streams read by one thread that only notes when each {@code overview} event
 * arrives. The JDK client decoded every line and handed every chunk to another thread: for a
 * thousand streams that cost the harness about 40 % of a core, on the two cores the stack is
 * measured on.
 */
final class StreamCounter implements AutoCloseable {

    /** Called on the reading thread with the stream's index and the arrival time (nanoTime). */
    interface Arrivals {
        void overview(int stream, long arrivedNanos);
    }

    private static final byte[] MARK = "event:overview".getBytes(StandardCharsets.US_ASCII);
    private static final int[] FALLBACK = fallback(MARK);
    private static final byte[] OK = "HTTP/1.1 200".getBytes(StandardCharsets.US_ASCII);

    private final Selector selector;
    private final List<Connection> connections = new ArrayList<>();
    private final Arrivals arrivals;
    private final Thread reader;
    private volatile boolean open = true;

    /** Where a stream's reading is: in the status line, the headers, a chunk's size line, data or trailing CRLF. */
    private enum Part { STATUS, HEADERS, SIZE, DATA, DATA_END, BODY }

    /** One stream and how far its response has been read. */
    private static final class Connection {
        final int index;
        final SocketChannel channel;
        final ByteBuffer request;
        Part part = Part.STATUS;
        int statusRead;
        final StringBuilder headers = new StringBuilder();
        long chunkLeft;
        boolean sizeRead;
        int matched;
        volatile boolean ended;

        Connection(int index, SocketChannel channel, ByteBuffer request) {
            this.index = index;
            this.channel = channel;
            this.request = request;
        }
    }

    /** Opens one stream per tenant on {@code metrics} (base URL), in the order given. */
    StreamCounter(String metrics, List<Stack.Tenant> tenants, Arrivals arrivals) {
        this.arrivals = arrivals;
        URI base = URI.create(metrics);
        InetSocketAddress address = new InetSocketAddress(base.getHost(), base.getPort());
        try {
            selector = Selector.open();
            for (int i = 0; i < tenants.size(); i++) {
                Stack.Tenant tenant = tenants.get(i);
                String request = "GET /v1/tenants/" + tenant.id() + "/stream HTTP/1.1\r\nHost: " + base.getAuthority()
                        + "\r\nAuthorization: Bearer " + tenant.viewerToken() + "\r\nAccept: text/event-stream\r\n\r\n";
                SocketChannel channel = SocketChannel.open();
                channel.configureBlocking(false);
                Connection connection = new Connection(i, channel,
                        ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
                connections.add(connection);
                // A local connect may complete at once, and then is never reported as connectable.
                boolean connected = channel.connect(address);
                channel.register(selector, connected ? SelectionKey.OP_WRITE : SelectionKey.OP_CONNECT, connection);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        reader = new Thread(this::read, "stream-counter");
        reader.setDaemon(true);
        reader.start();
    }

    /** Streams that ended (refused, closed by the server, or failed). */
    long ended() {
        return connections.stream().filter(c -> c.ended).count();
    }

    private void read() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
        while (open) {
            try {
                selector.select(200);
            } catch (IOException e) {
                return;
            }
            var ready = selector.selectedKeys().iterator();
            while (ready.hasNext()) {
                SelectionKey key = ready.next();
                ready.remove();
                Connection connection = (Connection) key.attachment();
                try {
                    if (key.isConnectable() && connection.channel.finishConnect()) {
                        key.interestOps(SelectionKey.OP_WRITE);
                    }
                    if (key.isValid() && key.isWritable()) {
                        connection.channel.write(connection.request);
                        if (!connection.request.hasRemaining()) {
                            key.interestOps(SelectionKey.OP_READ);
                        }
                    }
                    if (key.isValid() && key.isReadable()) {
                        buffer.clear();
                        if (connection.channel.read(buffer) < 0) {
                            end(connection, key);
                            continue;
                        }
                        buffer.flip();
                        long now = System.nanoTime();
                        if (!scan(connection, buffer, now)) {
                            end(connection, key);
                        }
                    }
                } catch (IOException e) {
                    end(connection, key);
                }
            }
        }
    }

    /**
     * Reads on from where the stream was: the status must be 200; the body may be chunked, and
     * only data bytes are matched, so a mark split across reads or chunks is still counted once.
     * False when the stream is refused or over.
     */
    private boolean scan(Connection c, ByteBuffer buffer, long now) {
        while (buffer.hasRemaining()) {
            byte b = buffer.get();
            switch (c.part) {
                case STATUS -> {
                    if (b != OK[c.statusRead++]) {
                        return false;
                    }
                    if (c.statusRead == OK.length) {
                        c.part = Part.HEADERS;
                    }
                }
                case HEADERS -> {
                    c.headers.append((char) b);
                    int n = c.headers.length();
                    if (n >= 4 && c.headers.charAt(n - 1) == '\n' && c.headers.charAt(n - 3) == '\n') {
                        c.part = c.headers.toString().toLowerCase().contains("transfer-encoding: chunked") ? Part.SIZE : Part.BODY;
                        c.headers.setLength(0);
                    }
                }
                case SIZE -> {
                    if (b == '\n') {
                        if (c.chunkLeft == 0) {
                            return false; // the last chunk: the server ended the stream
                        }
                        c.part = Part.DATA;
                    } else if (!c.sizeRead && Character.digit(b, 16) >= 0) {
                        c.chunkLeft = c.chunkLeft * 16 + Character.digit(b, 16);
                    } else if (b != '\r') {
                        c.sizeRead = true; // a chunk extension follows the size
                    }
                }
                case DATA -> {
                    match(c, b, now);
                    if (--c.chunkLeft == 0) {
                        c.part = Part.DATA_END;
                    }
                }
                case DATA_END -> {
                    if (b == '\n') {
                        c.part = Part.SIZE;
                        c.sizeRead = false;
                    }
                }
                case BODY -> match(c, b, now);
            }
        }
        return true;
    }

    private void match(Connection c, byte b, long now) {
        int matched = c.matched;
        while (matched > 0 && b != MARK[matched]) {
            matched = FALLBACK[matched - 1];
        }
        if (b == MARK[matched]) {
            matched++;
        }
        if (matched == MARK.length) {
            arrivals.overview(c.index, now);
            matched = 0;
        }
        c.matched = matched;
    }

    private static void end(Connection connection, SelectionKey key) {
        connection.ended = true;
        key.cancel();
        try {
            connection.channel.close();
        } catch (IOException ignored) {
            // closing a stream that already failed
        }
    }

    /** Knuth–Morris–Pratt: for each prefix, the length of its longest proper prefix that is also its suffix. */
    static int[] fallback(byte[] mark) {
        int[] out = new int[mark.length];
        for (int i = 1, k = 0; i < mark.length; i++) {
            while (k > 0 && mark[i] != mark[k]) {
                k = out[k - 1];
            }
            if (mark[i] == mark[k]) {
                k++;
            }
            out[i] = k;
        }
        return out;
    }

    @Override
    public void close() {
        open = false;
        selector.wakeup();
        try {
            reader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Connection connection : connections) {
            try {
                connection.channel.close();
            } catch (IOException ignored) {
                // the stream is being abandoned either way
            }
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // nothing is read any more
        }
    }
}
