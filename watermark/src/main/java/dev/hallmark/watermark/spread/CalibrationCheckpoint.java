package dev.hallmark.watermark.spread;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The finished segments of a calibration run, so that an interrupted run resumes where it stopped instead of starting
 * over (a full search takes hours on two cores). One line per segment, appended and forced to disk before the run goes
 * on, each with its own CRC-32. The header names the run: the search, the trials, the seed, a digest of every
 * folded segment and what this build's search makes of two extra keys, so a checkpoint is only ever merged into the
 * run that wrote it; the segments' results do not depend
 * on the order they were computed in (each segment's keys come from its own seed), so a resumed run gives the same
 * file as an uninterrupted one.
 *
 * <p>A last line cut short (no line end: the process was killed while writing it) is dropped and the file truncated
 * before it; a damaged line, a header of another run or a line that does not fit the run is refused, never repaired.
 */
final class CalibrationCheckpoint implements Closeable {
    static final String MAGIC = "hallmark.watermark.calibration-checkpoint/1";

    /** One finished segment: its runs' best scores and best payload scores, and its counts of false reports. */
    record Segment(int index, long found, long present, double[] scores, double[] payloadScores) {
    }

    private final FileChannel channel;
    private final Map<Integer, Segment> done;

    private CalibrationCheckpoint(FileChannel channel, Map<Integer, Segment> done) {
        this.channel = channel;
        this.done = done;
    }

    /**
     * Opens {@code file} for the run named by {@code identity} ({@code segments} segments of {@code perSegment}
     * runs): reads the segments an earlier run of it finished, or starts the file.
     *
     * @throws IllegalArgumentException if the file is another run's, damaged, or not a checkpoint
     */
    static CalibrationCheckpoint open(Path file, String identity, int segments, long perSegment) throws IOException {
        if (identity.indexOf('\n') >= 0 || perSegment < 1 || perSegment > Integer.MAX_VALUE / 16) {
            throw new IllegalArgumentException("bad checkpoint identity or segment size");
        }
        String header = MAGIC + "\n" + "run=" + identity + "\n";
        Map<Integer, Segment> done = new HashMap<>();
        if (Files.exists(file)) {
            long dataChars = (perSegment * 16 + 2) / 3 * 4;
            long maxSize = header.length() + (long) segments * (dataChars + 200);
            long size = Files.size(file);
            if (size > maxSize) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "calibration checkpoint %s is %d bytes, more than this run can have written (%d): delete it "
                                + "to start again", file, size, maxSize));
            }
            byte[] bytes = Files.readAllBytes(file);
            String text = new String(bytes, StandardCharsets.UTF_8);
            if (!text.startsWith(header)) {
                throw new IllegalArgumentException("calibration checkpoint " + file + " was written by "
                        + (text.startsWith(MAGIC + "\n") ? "a calibration with other clips, trials, seed, segment "
                        + "length or search" : "something else") + ": delete it to start again, or give the "
                        + "arguments of the run that wrote it");
            }
            int pos = header.length();
            int line = 3;
            long good = pos;
            while (pos < text.length()) {
                int end = text.indexOf('\n', pos);
                if (end < 0) {
                    break; // the last line, cut short by a crash: dropped below
                }
                Segment s = parse(text.substring(pos, end), segments, perSegment);
                if (s == null) {
                    throw new IllegalArgumentException(String.format(Locale.ROOT,
                            "calibration checkpoint %s is damaged at line %d: delete it to start again", file, line));
                }
                if (done.put(s.index(), s) != null) {
                    throw new IllegalArgumentException(String.format(Locale.ROOT,
                            "calibration checkpoint %s holds segment %d twice (line %d): delete it to start again",
                            file, s.index(), line));
                }
                pos = end + 1;
                good = pos; // the header and every whole line are ASCII: characters are bytes
                line++;
            }
            FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE);
            if (good < bytes.length) {
                ch.truncate(good);
                ch.force(true);
            }
            ch.position(good);
            return new CalibrationCheckpoint(ch, done);
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
        write(ch, header);
        return new CalibrationCheckpoint(ch, done);
    }

    /** The segments finished so far, by index. */
    Map<Integer, Segment> done() {
        return Map.copyOf(done);
    }

    /** Records a finished segment; returns once it is on disk. */
    void append(Segment s) throws IOException {
        ByteBuffer data = ByteBuffer.allocate(16 * s.scores().length);
        for (double v : s.scores()) {
            data.putDouble(v);
        }
        for (double v : s.payloadScores()) {
            data.putDouble(v);
        }
        String body = String.format(Locale.ROOT, "segment=%d;found=%d;present=%d;data=%s", s.index(), s.found(),
                s.present(), Base64.getEncoder().encodeToString(data.array()));
        write(channel, body + ";crc32=" + crc(body) + "\n");
        done.put(s.index(), s);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private static void write(FileChannel ch, String text) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            ch.write(b);
        }
        ch.force(true);
    }

    private static String crc(String body) {
        CRC32 c = new CRC32();
        c.update(body.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().toHexDigits((int) c.getValue());
    }

    /** A segment line, or null if it is damaged or does not fit the run. */
    private static Segment parse(String line, int segments, long perSegment) {
        int c = line.lastIndexOf(";crc32=");
        if (c < 0 || !line.substring(c + 7).equals(crc(line.substring(0, c)))) {
            return null;
        }
        String[] f = line.substring(0, c).split(";", -1);
        if (f.length != 4 || !f[0].startsWith("segment=") || !f[1].startsWith("found=")
                || !f[2].startsWith("present=") || !f[3].startsWith("data=")) {
            return null;
        }
        try {
            int index = Integer.parseInt(f[0].substring(8));
            long found = Long.parseLong(f[1].substring(6));
            long present = Long.parseLong(f[2].substring(8));
            byte[] data = Base64.getDecoder().decode(f[3].substring(5));
            if (index < 0 || index >= segments || found < 0 || present < 0 || found + present > perSegment
                    || data.length != 16 * perSegment) {
                return null;
            }
            ByteBuffer b = ByteBuffer.wrap(data);
            double[] scores = new double[(int) perSegment];
            double[] payload = new double[(int) perSegment];
            for (int i = 0; i < scores.length; i++) {
                scores[i] = b.getDouble();
            }
            for (int i = 0; i < payload.length; i++) {
                payload[i] = b.getDouble();
            }
            return new Segment(index, found, present, scores, payload);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
