package org.vmoe4j.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import javax.imageio.stream.ImageInputStreamImpl;

/**
 * An {@link javax.imageio.stream.ImageInputStream} over a file through a 64 KB window: decoders
 * seek and read the file in place, so memory does not grow with the file (a decoder skipping a
 * 2 GB chunk costs nothing), and small reads do not each cost a system call, as they do with the
 * JDK's {@code FileImageInputStream} (PNG decoding through it took about 1.7 times as long here).
 */
final class BufferedFileImageInputStream extends ImageInputStreamImpl {
    private final FileChannel channel;
    private final ByteBuffer window = ByteBuffer.allocate(1 << 16);
    private long windowStart; // file position of window[0]; the window holds window.limit() bytes

    BufferedFileImageInputStream(Path file) throws IOException {
        channel = FileChannel.open(file, StandardOpenOption.READ);
        window.limit(0);
    }

    @Override
    public int read() throws IOException {
        checkClosed();
        bitOffset = 0;
        if (!fill()) {
            return -1;
        }
        return window.get((int) (streamPos++ - windowStart)) & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        checkClosed();
        bitOffset = 0;
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int at = (int) (streamPos - windowStart);
        int n = Math.min(len, window.limit() - at);
        window.get(at, b, off, n);
        streamPos += n;
        return n;
    }

    @Override
    public long length() {
        try {
            return channel.size();
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public void close() throws IOException {
        super.close();
        channel.close();
    }

    /** Makes the window hold {@code streamPos}; false at the end of the file. */
    private boolean fill() throws IOException {
        if (streamPos >= windowStart && streamPos < windowStart + window.limit()) {
            return true;
        }
        window.clear();
        windowStart = streamPos;
        while (window.hasRemaining()) {
            if (channel.read(window, windowStart + window.position()) < 0) {
                break;
            }
        }
        window.flip();
        return window.hasRemaining();
    }
}
